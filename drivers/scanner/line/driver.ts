import type { DeviceCounters } from '../../../src/devices/status.js';
import { Listeners } from '../../listeners.js';
import type { ByteTransport } from '../../transport.js';
import { LineParser, type LineDiscardReason } from './parser.js';

/** One scanned code, stamped with the driver's clock when the chunk holding its terminator arrived. */
export interface Scan {
  readonly text: string;
  readonly at: number;
}

/** Bytes the parser could not use. */
export interface DiscardedLine {
  readonly reason: LineDiscardReason;
  readonly bytes: Uint8Array;
  readonly at: number;
}

/**
 * A QR/barcode scanner in serial-emulation mode: one code per line (device-protocols.md §2.4). Receive-only; it
 * owns the injected transport. Counters: `frames` lines; `badFrames` discarded events; `discardedBytes` their size.
 * The text is passed on as scanned: it may hold control characters (BadBarcode), so validate before use.
 */
export class LineScanner {
  readonly #transport: ByteTransport;
  readonly #clock: () => number;
  readonly #parser = new LineParser();
  readonly #scans = new Listeners<[Scan]>();
  readonly #bad = new Listeners<[DiscardedLine]>();
  readonly #counters = { frames: 0, badFrames: 0, discardedBytes: 0 };
  readonly #unsubscribe: () => void;

  constructor(transport: ByteTransport, clock: () => number = Date.now) {
    this.#transport = transport;
    this.#clock = clock;
    this.#unsubscribe = transport.onData((chunk) => {
      this.#receive(chunk);
    });
  }

  onScan(listener: (scan: Scan) => void): () => void {
    return this.#scans.add(listener);
  }

  onBadLine(listener: (bad: DiscardedLine) => void): () => void {
    return this.#bad.add(listener);
  }

  counters(): DeviceCounters {
    return { ...this.#counters };
  }

  /** Stops listening and closes the transport. */
  close(): Promise<void> {
    this.#unsubscribe();
    return this.#transport.close();
  }

  #receive(chunk: Uint8Array): void {
    const at = this.#clock();
    for (const event of this.#parser.push(chunk)) {
      if (event.type === 'line') {
        this.#counters.frames += 1;
        this.#scans.emit({ text: event.text, at });
      } else {
        this.#counters.badFrames += 1;
        this.#counters.discardedBytes += event.bytes.length;
        this.#bad.emit({ reason: event.reason, bytes: event.bytes, at });
      }
    }
  }
}
