/** A resident ID card reader on a serial line, speaking the SAM protocol (docs/devices/sam.md). */
import { z } from 'zod';
import { quantity } from '../../schema-meta.js';
import { deviceRef } from '../device-ref.js';

export const samReaderConfig = z
  .strictObject({
    kind: z.literal('id-card').describe('A resident ID card reader (身份证阅读器).'),
    protocol: z.literal('sam').describe('The SAM serial protocol, `AA AA AA 96 69 …` (docs/devices/sam.md); 115200 8N1 on most readers: it is probed at the device’s `baudRate` first, then at 115200.'),
    device: deviceRef,
    pollIntervalMs: quantity(
      z.int().min(100).max(2000),
      'ms',
      'Pause between two "find card" requests while no card is being read: how soon a card laid on the reader is noticed.',
    ).default(400),
    replyTimeoutMs: quantity(
      z.int().min(100).max(2000),
      'ms',
      'Longest wait for the reply to SAM status, find card and select card (readers answer select within ~300 ms); a reader that does not answer is asked again at the next poll.',
    ).default(300),
    readTimeoutMs: quantity(z.int().min(500).max(5000), 'ms', 'Longest wait for the 1295-byte reply to "read text and photo" (readers take ~1–1.1 s).').default(1100),
    readAttempts: quantity(
      z.int().min(1).max(5),
      undefined,
      'How often a card that is found but refused at select or read (a status code, e.g. 0x31 authentication failed) is tried before it is reported unreadable; it is then not tried again until it leaves the reader.',
    ).default(2),
  })
  .describe('A resident ID card reader speaking the SAM protocol on a serial line. The card’s text becomes a masked number and a ref at once; its photo is dropped.');
export type SamReaderConfig = z.infer<typeof samReaderConfig>;
