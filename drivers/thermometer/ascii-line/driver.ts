import type { DeviceCounters } from '../../../src/devices/status.js';
import { ok, type Failure, type Result } from '../../../src/result.js';
import { monotonicNow } from '../../monotonic.js';
import { ParsedStream, type DiscardedBytesAt } from '../../parsed-stream.js';
import type { ByteTransport } from '../../transport.js';
import type { ThermometerDriver, ThermometerFrame } from '../thermometer.js';
import { AsciiLineParser, type AsciiDiscardReason, type AsciiLineEvent, type AsciiLineParserOptions } from './parser.js';

export interface AsciiLineOptions extends AsciiLineParserOptions {
  /** Text sent to ask for one reading (e.g. `MEAS?\r\n`); undefined for a device that streams by itself. */
  readonly query: string | undefined;
  /** What the device prints: `surface` (the lane compensates) or `body` (the device already did). */
  readonly basis: ThermometerFrame['basis'];
}

/**
 * A text thermometer (docs/devices/ascii-line.md) over an injected transport, which it owns. Counters as
 * ParsedStream's: `frames` lines read; `badFrames` lines discarded (no match, bad number, sensor fault, overlong).
 */
export class AsciiLineThermometer implements ThermometerDriver {
  readonly #stream: ParsedStream<Extract<AsciiLineEvent, { type: 'frame' }>, AsciiDiscardReason>;
  readonly #query: Uint8Array | undefined;

  constructor(
    transport: ByteTransport,
    private readonly options: AsciiLineOptions,
    clock: () => number = monotonicNow,
  ) {
    this.#stream = new ParsedStream(transport, new AsciiLineParser(options), clock);
    this.#query = options.query === undefined ? undefined : new TextEncoder().encode(options.query);
  }

  /** Nothing to set up: such a device has no modes the gate knows of. */
  init(): Promise<Result<void, Failure>> {
    return Promise.resolve(ok(undefined));
  }

  /** Sends the configured query; a streaming device (no query) resolves ok and is sent nothing. */
  query(): Promise<Result<void, Failure>> {
    return this.#query === undefined ? Promise.resolve(ok(undefined)) : this.#stream.transport.write(this.#query);
  }

  onFrame(listener: (frame: ThermometerFrame) => void): () => void {
    return this.#stream.onGood((e, at) => listener({ objectC: e.objectC, ambientC: e.ambientC, basis: this.options.basis, at }));
  }

  onBadFrame(listener: (bad: DiscardedBytesAt<AsciiDiscardReason>) => void): () => void {
    return this.#stream.onDiscarded(listener);
  }

  counters(): DeviceCounters {
    return this.#stream.counters();
  }

  close(): Promise<void> {
    return this.#stream.close();
  }
}
