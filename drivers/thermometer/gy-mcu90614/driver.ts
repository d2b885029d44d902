import type { DeviceCounters } from '../../../src/devices/status.js';
import type { Failure, Result } from '../../../src/result.js';
import { monotonicNow } from '../../monotonic.js';
import { ParsedStream, type DiscardedBytesAt } from '../../parsed-stream.js';
import type { ByteTransport } from '../../transport.js';
import type { ThermometerDriver, ThermometerFrame } from '../thermometer.js';
import { encodeCommand } from './codec.js';
import { GY_MCU90614, type GyModel } from './models.js';
import { Gy90614Parser, type DiscardReason, type ParserEvent } from './parser.js';

export type { ThermometerFrame } from '../thermometer.js';

/** Bytes the parser could not use, or a frame no sensor measures (`sensor-fault`). */
export type DiscardedBytes = DiscardedBytesAt<DiscardReason>;

/**
 * A GY-MCU90614 or GY-MCU90615 IR thermometer (docs/devices/gy-mcu90614.md; `model` says which) over an
 * injected transport, which it owns. Plain boards: every frame is a `surface` temperature.
 * Counters as ParsedStream's: `frames` good frames; `badFrames` discarded runs (a bad checksum or length
 * byte, a run of noise, a sensor-fault frame); `discardedBytes` their total size.
 */
export class GyMcu90614 implements ThermometerDriver {
  readonly #stream: ParsedStream<Extract<ParserEvent, { type: 'frame' }>, DiscardReason>;

  constructor(transport: ByteTransport, clock: () => number = monotonicNow, model: GyModel = GY_MCU90614) {
    this.#stream = new ParsedStream(transport, new Gy90614Parser(model), clock);
  }

  /** Query mode, the gate's: a module set to stream at power-on is stopped (the query also asks for one frame). */
  init(): Promise<Result<void, Failure>> {
    return this.setContinuous(false);
  }

  /** Asks for one frame (`A5 15 BA`); also ends continuous mode. The vendor text asks for less than 10 Hz. */
  query(): Promise<Result<void, Failure>> {
    return this.#stream.transport.write(encodeCommand('query'));
  }

  /**
   * On: 14 Hz stream (`A5 45 EA`). Off: back to query mode with `A5 15 BA` — the module has no "stop" command,
   * so one more frame follows (docs/devices/gy-mcu90614.md §2, commands).
   */
  setContinuous(on: boolean): Promise<Result<void, Failure>> {
    return this.#stream.transport.write(encodeCommand(on ? 'continuous' : 'query'));
  }

  onFrame(listener: (frame: ThermometerFrame) => void): () => void {
    return this.#stream.onGood((e, at) => listener({ objectC: e.objectC, ambientC: e.ambientC, basis: 'surface', at }));
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
