import { z } from 'zod';
import { hidDeviceRef } from '../hid-device-ref.js';
import { relayChannels } from '../relay-common.js';

export const hidRelayConfig = z
  .strictObject({
    device: hidDeviceRef,
    protocol: z.literal('hid-relay').describe('A "USBRelayN" USB HID relay board (DCTTech/V-USB, usually 16c0:05df, no tty): channels switched by feature reports, their state read back (docs/devices/hid-relay.md).'),
    ...relayChannels,
    boardId: z
      .string()
      .regex(/^[!-~]{5}$/, 'must be the board’s 5-character ID (printable ASCII), as `usbrelay` lists it')
      .optional()
      .describe('The board’s own 5-character ID, read from its feature report (these boards have no USB serial number): a board with another ID is refused (`relay.wrong-board`). Any board with the device’s ids when absent.'),
  })
  .describe('A USBRelayN HID relay board.');
export type HidRelayConfig = z.infer<typeof hidRelayConfig>;
