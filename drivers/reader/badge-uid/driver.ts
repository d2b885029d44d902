import { monotonicNow } from '../../monotonic.js';
import type { ByteTransport } from '../../transport.js';
import { ParsedReader } from '../parsed-reader.js';
import type { BadgeUidFormat } from './codec.js';
import { BadgeUidParser } from './parser.js';

/**
 * An RFID badge reader that sends card UIDs over a serial line (docs/devices/badge-uid.md). Receive-only
 * (the modules described have no host commands); owns the transport. Reads are `{kind: 'badge', number}` in
 * the configured form; counters as ParsedStream's.
 */
export class BadgeUidReader extends ParsedReader {
  constructor(transport: ByteTransport, format: BadgeUidFormat, clock: () => number = monotonicNow) {
    super(transport, new BadgeUidParser(format), clock);
  }
}
