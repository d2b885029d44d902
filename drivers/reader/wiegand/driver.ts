import { monotonicNow } from '../../monotonic.js';
import type { ByteTransport } from '../../transport.js';
import { ParsedReader } from '../parsed-reader.js';
import type { WiegandEncoding, WiegandNumber } from './codec.js';
import { WiegandParser } from './parser.js';

export interface WiegandOptions {
  readonly encoding: WiegandEncoding;
  readonly number: WiegandNumber;
}

/**
 * A Wiegand reader behind a Wiegand-to-serial converter (docs/devices/wiegand.md). Receive-only; owns the
 * transport. Reads are `{kind: 'badge', number}` as printed on the fob; counters as ParsedStream's.
 */
export class WiegandReader extends ParsedReader {
  constructor(transport: ByteTransport, options: WiegandOptions, clock: () => number = monotonicNow) {
    super(transport, new WiegandParser(options.encoding, options.number), clock);
  }
}
