import type { DeviceCounters } from '../../../src/devices/status.js';
import { ParsedStream, type DiscardedBytesAt } from '../../parsed-stream.js';
import type { ByteTransport } from '../../transport.js';
import { LineParser, type LineDiscardReason, type LineEvent } from './parser.js';
import { monotonicNow } from '../../monotonic.js';

/** One scanned code, stamped with the driver's clock when the chunk holding its terminator arrived. */
export interface Scan {
  readonly text: string;
  readonly at: number;
}

/** Bytes the parser could not use. */
export type DiscardedLine = DiscardedBytesAt<LineDiscardReason>;

/**
 * A QR/barcode scanner in serial-emulation mode: one code per line (docs/devices.md §2.4). Receive-only; it
 * owns the injected transport. Counters: `frames` lines; `badFrames` discarded events; `discardedBytes` their size.
 * The text is passed on as scanned: it may hold control characters (BadBarcode), so validate before use.
 */
export class LineScanner {
  readonly #stream: ParsedStream<Extract<LineEvent, { type: 'line' }>, LineDiscardReason>;

  constructor(transport: ByteTransport, clock: () => number = monotonicNow) {
    this.#stream = new ParsedStream(transport, new LineParser(), clock);
  }

  onScan(listener: (scan: Scan) => void): () => void {
    return this.#stream.onGood((e, at) => listener({ text: e.text, at }));
  }

  onBadLine(listener: (bad: DiscardedLine) => void): () => void {
    return this.#stream.onDiscarded(listener);
  }

  counters(): DeviceCounters {
    return this.#stream.counters();
  }

  /** Stops listening and closes the transport. */
  close(): Promise<void> {
    return this.#stream.close();
  }
}
