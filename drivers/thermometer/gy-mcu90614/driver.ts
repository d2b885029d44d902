import type { DeviceCounters } from '../../../src/devices/status.js';
import type { Failure, Result } from '../../../src/result.js';
import { ParsedStream, type DiscardedBytesAt } from '../../parsed-stream.js';
import type { ByteTransport } from '../../transport.js';
import { encodeCommand, type Reading } from './codec.js';
import { Gy90614Parser, type DiscardReason, type ParserEvent } from './parser.js';
import { monotonicNow } from '../../monotonic.js';

/** One reading, stamped with the driver's clock when the chunk holding its last byte arrived. */
export interface ThermometerFrame extends Reading {
  readonly at: number;
}

/** Bytes the parser could not use. */
export type DiscardedBytes = DiscardedBytesAt<DiscardReason>;

/**
 * GY-MCU90614 IR thermometer (docs/devices.md §1.2) over an injected transport, which it owns.
 * Counters as ParsedStream's: `frames` good frames; `badFrames` discarded runs (a bad checksum or length
 * byte, or a run of noise); `discardedBytes` their total size.
 */
export class GyMcu90614 {
  readonly #stream: ParsedStream<Extract<ParserEvent, { type: 'frame' }>, DiscardReason>;

  constructor(transport: ByteTransport, clock: () => number = monotonicNow) {
    this.#stream = new ParsedStream(transport, new Gy90614Parser(), clock);
  }

  /** Asks for one frame (`A5 15 BA`); also ends continuous mode. The vendor text asks for less than 10 Hz. */
  query(): Promise<Result<void, Failure>> {
    return this.#stream.transport.write(encodeCommand('query'));
  }

  /**
   * On: 14 Hz stream (`A5 45 EA`). Off: back to query mode with `A5 15 BA` — the module has no "stop" command,
   * so one more frame follows (docs/devices.md §1.2, commands).
   */
  setContinuous(on: boolean): Promise<Result<void, Failure>> {
    return this.#stream.transport.write(encodeCommand(on ? 'continuous' : 'query'));
  }

  onFrame(listener: (frame: ThermometerFrame) => void): () => void {
    return this.#stream.onGood((e, at) => listener({ objectC: e.objectC, ambientC: e.ambientC, at }));
  }

  onBadFrame(listener: (bad: DiscardedBytes) => void): () => void {
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
