import { z } from 'zod';
import { hidDeviceRef } from '../hid-device-ref.js';

export const hidPosReaderConfig = z
  .strictObject({
    kind: z.literal('scanner').describe('A QR/barcode scanner (ID numbers, signed codes, MRZ lines typed as text).'),
    protocol: z.literal('hid-pos').describe('A USB scanner in HID POS mode (usage page 0x8C): each code in 64-byte reports, with its AIM symbology (docs/devices/hid-pos.md).'),
    device: hidDeviceRef,
    honeywell: z
      .enum(['auto', 'off'])
      .default('auto')
      .describe(
        '`auto`: when the scanner is a Honeywell (vendor id 0c2e), it is sent the HID-mode feature report at every open and each read is acknowledged with its beep (both from a single source, docs/devices/hid-pos.md §4); `off`: neither, whatever the scanner.',
      ),
  })
  .describe('A USB HID POS QR/barcode scanner.');
export type HidPosReaderConfig = z.infer<typeof hidPosReaderConfig>;
