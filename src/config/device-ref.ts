/** Where a device is: a serial port, or a simulator the gate starts itself. One schema for every device kind. */
import { z } from 'zod';
import { quantity } from '../schema-meta.js';
import { DEVICE_PATH, normalisePosixPath } from './device-path.js';

/** A serial device the gate opens, or a simulator it starts itself on a socat pty pair. */
export const deviceRef = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('serial'),
        path: z
          .string()
          .min(1)
          .max(4096)
          // Checked after normalising, so not as a JSON Schema pattern (which an editor would apply to the text as written).
          .overwrite(normalisePosixPath)
          .refine((path) => DEVICE_PATH.test(path), 'must be a device file under /dev/ (after `//`, `.` and `..` are resolved)')
          .describe(
            'The device file under /dev/, e.g. `/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0`: by-id paths survive re-plugging, /dev/ttyUSB0 does not. Normalised before it is checked and compared (`/dev//pts/3` is `/dev/pts/3`; `/dev/../tmp/x` is refused); symlinks are kept as named.',
          ),
        baudRate: quantity(z.int().min(1200).max(921_600), 'bit/s', 'Line speed; the GY-MCU90614, line scanners and LCUS relays ship at 9600.').default(9600),
      })
      .describe('A real device on a serial port.'),
    z.strictObject({ kind: z.literal('simulated') }).describe('A simulator the gate starts itself on a socat pty pair (real bytes, no hardware).'),
  ])
  .describe('Where the device is: `{"kind": "serial", "path": …}` or `{"kind": "simulated"}`.');
export type DeviceRef = z.infer<typeof deviceRef>;
