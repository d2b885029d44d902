/** A line scanner: every code it reads (QR, barcode, a typed ID number) arrives as one line of text (docs/devices.md §2.4). */
import { z } from 'zod';
import { deviceRef } from '../device-ref.js';

export const lineReaderConfig = z
  .strictObject({
    kind: z.literal('scanner').describe('A QR / barcode scanner.'),
    protocol: z.literal('line').describe('Each code as one line of text (QR, barcode, a resident ID number, MRZ lines).'),
    device: deviceRef,
  })
  .describe('A scanner in serial-emulation mode.');
