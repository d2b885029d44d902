import { z } from 'zod';
import { deviceRef } from '../device-ref.js';

export const lineReaderConfig = z
  .strictObject({
    kind: z.literal('scanner').describe('A QR/barcode scanner (ID numbers, signed codes, MRZ lines typed as text).'),
    protocol: z.literal('line').describe('A scanner in serial-emulation mode: one code per line of text (docs/devices/line.md).'),
    device: deviceRef,
    suffix: z
      .enum(['auto', 'cr', 'lf', 'crlf', 'tab'])
      .default('auto')
      .describe(
        'What the scanner sends after each code: `auto` CR, LF or CR LF alike (the default); `cr`, `lf`, `crlf`, `tab` only that, so a code may hold the other line breaks (a multi-line QR code with `crlf`).',
      ),
    aimPrefix: z
      .enum(['none', 'strip'])
      .default('none')
      .describe('`strip`: the scanner puts an AIM symbology identifier before each code (`]Q1` QR, `]E0` EAN-13); it is taken off and recorded. A code without one is still read.'),
    trigger: z
      .enum(['none', 'honeywell'])
      .default('none')
      .describe('`honeywell`: a scanner in serial-trigger mode, started with `SYN T CR` at every open and after every read, stopped with `SYN U CR` at close. `none`: the scanner reads by itself (presentation mode).'),
    beep: z.enum(['none', 'honeywell']).default('none').describe('`honeywell`: a good read is acknowledged with the Honeywell beep `SYN BEL CR` (16 07 0D). `none`: the scanner’s own good-read beep only.'),
  })
  .describe('A serial-emulation QR/barcode scanner.');
export type LineReaderConfig = z.infer<typeof lineReaderConfig>;
