import { z } from 'zod';
import { deviceRef } from '../device-ref.js';

export const wiegandReaderConfig = z
  .strictObject({
    kind: z.literal('badge').describe('A badge reader: staff badges and fobs.'),
    protocol: z.literal('wiegand').describe('A Wiegand reader (26-bit H10301 or 34-bit) behind a Wiegand-to-serial converter (docs/devices/wiegand.md).'),
    device: deviceRef,
    encoding: z
      .enum(['data-hex', 'bits-hex', 'bits-binary'])
      .default('data-hex')
      .describe(
        'How the converter writes a message, one line each: `data-hex` the data bits in hex (6 digits for 26-bit, 8 for 34-bit; the converter checked the parity), `bits-hex` the whole message with its parity bits in hex (7 or 9 digits), `bits-binary` as 26 or 34 characters 0/1. Parity is checked where the line carries it.',
      ),
    number: z
      .enum(['facility-card', 'card-only', 'decimal'])
      .default('facility-card')
      .describe(
        'The badge number passed on, as printed on the fob: `facility-card` `213,02000` (26-bit: 3 + 5 digits; 34-bit: 5 + 5), `card-only` `02000`, `decimal` the data bits as 10 digits `0013961168` (the number a wedge reader types for the same fob). Match the form the badge register was made with.',
      ),
  })
  .describe('A serial Wiegand converter.');
export type WiegandReaderConfig = z.infer<typeof wiegandReaderConfig>;
