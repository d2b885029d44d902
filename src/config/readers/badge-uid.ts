import { z } from 'zod';
import { quantity } from '../../schema-meta.js';
import { deviceRef } from '../device-ref.js';

export const badgeUidReaderConfig = z
  .strictObject({
    kind: z.literal('badge').describe('A badge reader: staff badges and fobs.'),
    protocol: z.literal('badge-uid').describe('An RFID reader that sends each card’s UID over a serial line (docs/devices/badge-uid.md).'),
    device: deviceRef,
    framing: z
      .enum(['stx-hex', 'stx-binary', 'hex-line'])
      .default('stx-hex')
      .describe(
        '`stx-hex`: STX, the UID in ASCII hex, its checksum, ETX (125 kHz EM4100 modules: RDM6300, ID-12/ID-20); `stx-binary`: STX, the raw UID bytes, checksum, ETX; `hex-line`: the UID in ASCII hex and a line end.',
      ),
    uidBytes: quantity(z.int().min(4).max(10), undefined, 'Bytes in a UID as the reader sends it: 5 for EM4100 (a version byte and 4 data bytes), 4 or 7 for MIFARE.').default(5),
    checksum: z.enum(['none', 'xor']).default('xor').describe('`xor`: the UID is followed by the XOR of its bytes (EM4100 modules), checked; `none`: nothing follows.'),
    byteOrder: z
      .enum(['msb-first', 'lsb-first'])
      .default('msb-first')
      .describe('The order of the UID’s bytes in the number: `msb-first` as sent (E7FADE26 → 3891977766), `lsb-first` reversed (→ 0652147431). Match the reader that enrolled the badges.'),
    numberBytes: z
      .enum(['all', 'last-4'])
      .default('last-4')
      .describe('Which UID bytes make the number: `last-4` the 4 data bytes of an EM4100 card (the 10 digits fobs print and wedge readers type), `all` every byte (7-byte UIDs).'),
    output: z
      .enum(['decimal', 'hex'])
      .default('decimal')
      .describe('`decimal`: zero-padded digits (10 for 4 bytes, the staff-badge form of a wedge reader); `hex`: upper-case hexadecimal.'),
  })
  .describe('A serial RFID badge reader that sends card UIDs.');
export type BadgeUidReaderConfig = z.infer<typeof badgeUidReaderConfig>;
