import { setTimeout as sleep } from 'node:timers/promises';
import { ok, type Failure, type Result } from '../../../src/result.js';
import { Listeners } from '../../listeners.js';
import { openSerialTransport } from '../../serial-transport.js';
import type { ByteTransport } from '../../transport.js';
import { decodeCommand, encodeFrame, type CommandName, type Reading } from './codec.js';
import { monotonicNow } from '../../monotonic.js';

export interface GyMcu90614SimulatorOptions {
  /** Write each frame in pieces of this many bytes, to exercise reassembly. Default: the whole frame at once. */
  readonly chunkSize?: number;
  /** Pause between pieces so they reach the host as separate reads. Default 2 ms. */
  readonly chunkGapMs?: number;
  /** Clock for `onFrameWritten`; give the driver the same one to measure latency. Default: the monotonic clock (drivers/monotonic.ts). */
  readonly clock?: () => number;
}

/** "Default auto output frequency: 14 Hz" (docs/devices.md §1.2). */
const CONTINUOUS_PERIOD_MS = 1000 / 14;
/** Nobody in front of the sensor: object and ambient agree. */
const EMPTY_SCENE: Reading = { objectC: 24, ambientC: 24 };

/**
 * The module side of a GY-MCU90614, speaking the exact bytes of docs/devices.md §1.2 on a pty. Starts in query
 * mode (no output until asked); `A5 45 EA` starts the 14 Hz stream, `A5 15 BA` answers one frame and returns to
 * query mode.
 * Bytes that are not a valid command are skipped one at a time; baud and power-on commands are accepted and
 * ignored (they act after a power cycle, which is not simulated).
 */
export class GyMcu90614Simulator {
  static async open(devicePath: string, options: GyMcu90614SimulatorOptions = {}): Promise<Result<GyMcu90614Simulator, Failure>> {
    const transport = await openSerialTransport(devicePath, 9600);
    return transport.ok ? ok(new GyMcu90614Simulator(transport.value, options)) : transport;
  }

  readonly #transport: ByteTransport;
  readonly #options: GyMcu90614SimulatorOptions;
  readonly #written = new Listeners<[Uint8Array, number]>();
  readonly #unsubscribe: () => void;
  #frame = encodeFrame(EMPTY_SCENE);
  #queries = 0;
  #pendingCommand = new Uint8Array(0);
  #stream: NodeJS.Timeout | undefined;
  /** Writes go out one after another so split frames never interleave. */
  #writes: Promise<void> = Promise.resolve();

  private constructor(transport: ByteTransport, options: GyMcu90614SimulatorOptions) {
    this.#transport = transport;
    this.#options = options;
    this.#unsubscribe = transport.onData((chunk) => {
      this.#receive(chunk);
    });
  }

  /** What the sensor sees from now on. Throws RangeError for values a frame cannot carry (a test bug). */
  setScene(scene: Reading): void {
    this.#frame = encodeFrame(scene);
  }

  /** Writes bytes as they are, after any frame in progress (garbage, truncated or corrupted frames). */
  injectRaw(bytes: Uint8Array): Promise<void> {
    return this.#enqueue(async () => {
      await this.#transport.write(bytes);
    });
  }

  /** How many `A5 15 BA` arrived. */
  queriesReceived(): number {
    return this.#queries;
  }

  /** After each frame is written; `at` is the clock just before its last byte was handed to the OS. */
  onFrameWritten(listener: (bytes: Uint8Array, at: number) => void): () => void {
    return this.#written.add(listener);
  }

  /** Stops streaming, lets queued writes finish and closes the port. */
  async close(): Promise<void> {
    clearInterval(this.#stream);
    this.#unsubscribe();
    await this.#writes;
    await this.#transport.close();
  }

  #receive(chunk: Uint8Array): void {
    const buf = new Uint8Array(this.#pendingCommand.length + chunk.length);
    buf.set(this.#pendingCommand);
    buf.set(chunk, this.#pendingCommand.length);
    let i = 0;
    while (i + 3 <= buf.length) {
      const command = decodeCommand(buf.subarray(i, i + 3));
      if (command === undefined) {
        i += 1;
        continue;
      }
      this.#obey(command);
      i += 3;
    }
    this.#pendingCommand = buf.slice(i);
  }

  #obey(command: CommandName): void {
    switch (command) {
      case 'query':
        this.#queries += 1;
        clearInterval(this.#stream);
        this.#stream = undefined;
        this.#sendFrame();
        break;
      case 'continuous':
        this.#stream ??= setInterval(() => {
          this.#sendFrame();
        }, CONTINUOUS_PERIOD_MS);
        break;
      default:
        break;
    }
  }

  #sendFrame(): void {
    const frame = this.#frame;
    const size = this.#options.chunkSize ?? frame.length;
    const clock = this.#options.clock ?? monotonicNow;
    void this.#enqueue(async () => {
      let at = 0;
      for (let offset = 0; offset < frame.length; offset += size) {
        if (offset > 0) await sleep(this.#options.chunkGapMs ?? 2);
        at = clock();
        const written = await this.#transport.write(frame.subarray(offset, offset + size));
        if (!written.ok) return; // unplugged: the frame is lost, as on a real link
      }
      this.#written.emit(frame, at);
    });
  }

  #enqueue(write: () => Promise<void>): Promise<void> {
    this.#writes = this.#writes.then(write);
    return this.#writes;
  }
}
