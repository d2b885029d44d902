import { z } from 'zod';
import { quantity } from '../../schema-meta.js';
import { deviceRef } from '../device-ref.js';

export const mrzLineReaderConfig = z
  .strictObject({
    kind: z.literal('mrz').describe('An MRZ reader: passports and ID cards with a machine-readable zone.'),
    protocol: z.literal('mrz-line').describe('An OCR reader that sends the zone’s lines as text, each followed by CR (docs/devices/mrz-line.md).'),
    device: deviceRef,
    lineTimeoutMs: quantity(
      z.int().min(100).max(10_000),
      'ms',
      'Lines further apart than this are not one zone: the lines before are discarded as a zone cut short.',
    ).default(1500),
  })
  .describe('A serial MRZ reader (TD1, TD2, TD3).');
export type MrzLineReaderConfig = z.infer<typeof mrzLineReaderConfig>;
