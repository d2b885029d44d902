import type { DeviceCounters } from '../../../src/devices/status.js';
import type { Failure, Result } from '../../../src/result.js';
import { Listeners } from '../../listeners.js';
import type { ByteTransport } from '../../transport.js';
import { encodeCommand, type Reading } from './codec.js';
import { Gy90614Parser, type DiscardReason } from './parser.js';

/** One reading, stamped with the driver's clock when the chunk holding its last byte arrived. */
export interface ThermometerFrame extends Reading {
  readonly at: number;
}

/** Bytes the parser could not use. */
export interface DiscardedBytes {
  readonly reason: DiscardReason;
  readonly bytes: Uint8Array;
  readonly at: number;
}

/**
 * GY-MCU90614 IR thermometer (device-protocols.md §1.2) over an injected transport, which it owns.
 * Counters: `frames` good frames; `badFrames` discarded runs (one per parser `discarded` event: a bad checksum or
 * length byte, or a run of noise); `discardedBytes` their total size.
 */
export class GyMcu90614 {
  readonly #transport: ByteTransport;
  readonly #clock: () => number;
  readonly #parser = new Gy90614Parser();
  readonly #frames = new Listeners<[ThermometerFrame]>();
  readonly #bad = new Listeners<[DiscardedBytes]>();
  readonly #counters = { frames: 0, badFrames: 0, discardedBytes: 0 };
  readonly #unsubscribe: () => void;

  constructor(transport: ByteTransport, clock: () => number = Date.now) {
    this.#transport = transport;
    this.#clock = clock;
    this.#unsubscribe = transport.onData((chunk) => {
      this.#receive(chunk);
    });
  }

  /** Asks for one frame (`A5 15 BA`); also ends continuous mode. The vendor text asks for less than 10 Hz. */
  query(): Promise<Result<void, Failure>> {
    return this.#transport.write(encodeCommand('query'));
  }

  /**
   * On: 14 Hz stream (`A5 45 EA`). Off: back to query mode with `A5 15 BA` — the module has no "stop" command,
   * so one more frame follows (§1.2 command table).
   */
  setContinuous(on: boolean): Promise<Result<void, Failure>> {
    return this.#transport.write(encodeCommand(on ? 'continuous' : 'query'));
  }

  onFrame(listener: (frame: ThermometerFrame) => void): () => void {
    return this.#frames.add(listener);
  }

  onBadFrame(listener: (bad: DiscardedBytes) => void): () => void {
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
      if (event.type === 'frame') {
        this.#counters.frames += 1;
        this.#frames.emit({ objectC: event.objectC, ambientC: event.ambientC, at });
      } else {
        this.#counters.badFrames += 1;
        this.#counters.discardedBytes += event.bytes.length;
        this.#bad.emit({ reason: event.reason, bytes: event.bytes, at });
      }
    }
  }
}
