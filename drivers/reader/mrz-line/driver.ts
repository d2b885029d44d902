import { monotonicNow } from '../../monotonic.js';
import type { ByteTransport } from '../../transport.js';
import { ParsedReader } from '../parsed-reader.js';
import { MrzZoneParser } from './parser.js';

export interface MrzLineOptions {
  /** Lines further apart than this are not one zone (docs/devices/mrz-line.md §2). */
  readonly lineTimeoutMs: number;
}

/**
 * An OCR MRZ reader that sends the zone's lines over a serial line (docs/devices/mrz-line.md). Receive-only;
 * owns the transport. Reads are `{kind: 'mrz', lines}` with the check digits not yet verified; counters as
 * ParsedStream's (`badFrames`: discarded lines and zones cut short).
 */
export class MrzLineReader extends ParsedReader {
  constructor(transport: ByteTransport, options: MrzLineOptions, clock: () => number = monotonicNow) {
    super(transport, new MrzZoneParser(options.lineTimeoutMs, clock), clock);
  }
}
