/**
 * Which line speed a device is opened at, when its protocol lists several (a GY board ships at 9600 or 115200).
 * Until one is found, every open is a probe: after the device's initialisation the gate asks it for a frame and
 * waits up to PROBE_MS for a good one. The first speed that gives one is kept, logged, and used for every reopen
 * without probing again. A speed that gives none fails that open (`device.no-answer`) and the next open tries the
 * next speed; after the last, the first again, so the supervisor's backoff paces the search like any retry.
 * A protocol with one speed is never probed.
 */
import type { DeviceCounters } from '../../src/devices/status.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import type { Log } from '../log.js';

/** How long a probe waits for the first good frame at one speed. */
export const PROBE_MS = 1500;
const POLL_MS = 20;

/** What a probe needs of a driver: both the thermometer and the reader contracts have it. */
export interface ProbedDevice {
  counters(): DeviceCounters;
  onBadFrame(listener: () => void): () => void;
}

export class LineSpeed {
  readonly #rates: readonly number[];
  #next = 0;
  #kept: number | undefined;

  constructor(
    rates: readonly number[],
    private readonly log: Log,
    private readonly probeMs = PROBE_MS,
  ) {
    if (rates.length === 0) throw new RangeError('a protocol lists at least one line speed');
    this.#rates = rates;
  }

  /** The speed to open at now. */
  rate(): number {
    return this.#kept ?? (this.#rates[this.#next] as number);
  }

  /**
   * Run after the device's initialisation at `rate()`: `ask` for a frame and wait for one, unless the speed is
   * already known (or the only one). `device` counts the good frames it parsed; the probe listens to its bad
   * frames meanwhile, since a driver parses what arrives only while someone listens (drivers/parsed-stream.ts).
   */
  async probe(device: ProbedDevice, ask: () => Promise<Result<void, Failure>>): Promise<Result<void, Failure>> {
    if (this.#kept !== undefined || this.#rates.length === 1) return ok(undefined);
    const rate = this.rate();
    const before = device.counters().frames;
    const stopListening = device.onBadFrame(() => undefined);
    const asked = await ask();
    const answered = asked.ok && (await this.#answers(device, before));
    stopListening();
    if (answered) {
      this.#kept = rate;
      this.log.info({ baudRate: rate, tried: this.#next + 1 }, 'line speed found; kept for every reopen');
      return ok(undefined);
    }
    this.#next = (this.#next + 1) % this.#rates.length;
    this.log.debug({ baudRate: rate, next: this.rate() }, 'no answer at this line speed');
    return err(failure('device.no-answer', `no good frame within ${this.probeMs} ms at ${rate} bit/s (of ${this.#rates.join(', ')}); trying ${this.rate()} next`));
  }

  async #answers(device: ProbedDevice, before: number): Promise<boolean> {
    const end = performance.now() + this.probeMs;
    while (device.counters().frames === before) {
      if (performance.now() >= end) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return true;
  }
}
