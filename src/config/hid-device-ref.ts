/** Where a USB HID device is: by its USB ids (and serial number), or a simulator the gate starts itself. */
import { z } from 'zod';

/** A USB id as `lsusb` prints it (`"0c2e"`, `"0x0c2e"`) or as a number (3118). */
const usbId = (what: string) =>
  z
    .union([z.int().min(0).max(0xffff), z.string().regex(/^(0x)?[0-9a-fA-F]{4}$/, 'must be 4 hex digits, as lsusb prints it (e.g. "0c2e")').transform((s) => Number.parseInt(s.replace(/^0x/, ''), 16))])
    .describe(`The USB ${what} id: 4 hex digits as \`lsusb\` prints it (\`"0c2e"\`) or a number 0–65535.`);

export const hidDeviceRef = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('hid'),
        vendorId: usbId('vendor'),
        productId: usbId('product'),
        serialNumber: z
          .string()
          .min(1)
          .max(256)
          .optional()
          .describe('The USB serial number string (`lsusb -v`, iSerial), to tell two devices of the same model apart; any device with these ids when absent. The device is reopened by these ids and this serial number whenever it is plugged in again.'),
      })
      .describe('A real USB HID device, opened through node-hid (hidraw; needs libusb-1.0-0 and a udev rule, docs/devices/hid-pos.md).'),
    z.strictObject({ kind: z.literal('simulated') }).describe('A simulator the gate starts itself, in memory at the report level (no hardware).'),
  ])
  .describe('Where the HID device is: `{"kind": "hid", "vendorId": "0c2e", "productId": "0b8f"}` or `{"kind": "simulated"}`.');
export type HidDeviceRef = z.infer<typeof hidDeviceRef>;
