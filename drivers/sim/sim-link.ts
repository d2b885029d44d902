/**
 * The device side of a simulator's serial link, with the faults a real site has, on purpose and on request:
 * pacing to the line speed, frames split across reads, checksum errors, truncated frames, noise between
 * frames, single garbled bytes, and a device that stops answering. Every simulator writes through one, so
 * each protocol gets every fault the same way (docs/devices/simulators.md).
 *
 * Faults are drawn from a seeded generator, so a failing test replays with its seed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Failure, Result } from '../../src/result.js';
import { Listeners } from '../listeners.js';
import { monotonicNow } from '../monotonic.js';
import { seededRandom } from '../seeded-random.js';
import type { ByteTransport } from '../transport.js';

export interface LinkFaults {
  /** Pace writes as a UART at this speed would (10 bit times a byte, 8N1); 0 writes each piece at once. Default 0. */
  readonly baudRate?: number;
  /** Write each frame in pieces of this many bytes, each its own OS write. Default: the whole frame. */
  readonly chunkSize?: number;
  /** Pause between pieces (on top of pacing), so they arrive as separate reads. Default 2 ms. */
  readonly chunkGapMs?: number;
  /** Share of frames whose checksum bytes (`checksumAt` in `send`) are corrupted, 0–1. */
  readonly badChecksumRate?: number;
  /** Share of frames cut short at a random point (the rest never sent), 0–1. */
  readonly truncateRate?: number;
  /** Share of frames preceded by 1–8 random noise bytes, 0–1. */
  readonly noiseRate?: number;
  /** Share of frames with one random byte flipped, 0–1. */
  readonly garbleRate?: number;
  /** The device stops answering: frames are dropped without a trace (the link stays up). */
  readonly silent?: boolean;
  /** Seed of the fault generator. Default 1. */
  readonly seed?: number;
}

/** A frame and where its checksum is, so a checksum error corrupts the checksum and nothing else. */
export interface SendOptions {
  /** Offsets of the checksum bytes, counted from the end when negative (e.g. `[-2]` for `… SUM 55`). Default `[-1]`. */
  readonly checksumAt?: readonly number[];
}

export class SimLink {
  readonly #transport: ByteTransport;
  readonly #written = new Listeners<[Uint8Array, number]>();
  #faults: LinkFaults;
  #random: () => number;
  /** Writes go out one after another so split frames never interleave. */
  #writes: Promise<void> = Promise.resolve();

  constructor(transport: ByteTransport, faults: LinkFaults = {}) {
    this.#transport = transport;
    this.#faults = faults;
    this.#random = seededRandom(faults.seed ?? 1);
  }

  /** Changes faults from now on (frames already queued keep theirs); a new `seed` restarts the generator. */
  setFaults(faults: LinkFaults): void {
    this.#faults = { ...this.#faults, ...faults };
    if (faults.seed !== undefined) this.#random = seededRandom(faults.seed);
  }

  /** Commands from the host, as they arrive. */
  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#transport.onData(listener);
  }

  /** After each frame's last byte is written (not for dropped or raw writes); `at` is the monotonic clock just before it. */
  onFrameWritten(listener: (bytes: Uint8Array, at: number) => void): () => void {
    return this.#written.add(listener);
  }

  /** Queues one frame through the configured faults; resolves once written (or lost, when the link is gone). */
  send(frame: Uint8Array, options: SendOptions = {}): Promise<void> {
    const f = this.#faults;
    if (f.silent === true) return this.#writes;
    const bytes = frame.slice();
    if (this.#chance(f.badChecksumRate)) {
      for (const at of options.checksumAt ?? [-1]) {
        const i = at < 0 ? bytes.length + at : at;
        if (i >= 0 && i < bytes.length) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
      }
    }
    if (this.#chance(f.garbleRate) && bytes.length > 0) {
      const i = Math.floor(this.#random() * bytes.length);
      bytes[i] = (bytes[i] ?? 0) ^ (1 + Math.floor(this.#random() * 255));
    }
    const cut = this.#chance(f.truncateRate) ? Math.floor(this.#random() * bytes.length) : bytes.length;
    const noise = this.#chance(f.noiseRate) ? Uint8Array.from({ length: 1 + Math.floor(this.#random() * 8) }, () => Math.floor(this.#random() * 256)) : new Uint8Array(0);
    const out = new Uint8Array(noise.length + cut);
    out.set(noise);
    out.set(bytes.subarray(0, cut), noise.length);
    const whole = cut === bytes.length;
    return this.#enqueue(async () => {
      const at = await this.#write(out, f);
      if (at !== undefined && whole) this.#written.emit(bytes, at);
    });
  }

  /** Writes bytes exactly as given, after anything queued (garbage, hand-made bad frames). */
  sendRaw(bytes: Uint8Array): Promise<void> {
    const f = this.#faults;
    return this.#enqueue(async () => {
      await this.#write(bytes, { baudRate: f.baudRate ?? 0 });
    });
  }

  /** Lets queued writes finish and closes the port. */
  async close(): Promise<void> {
    await this.#writes;
    await this.#transport.close();
  }

  #chance(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.#random() < rate;
  }

  /** Writes in pieces, paced; the clock just before the last piece, or undefined when the link is gone. */
  async #write(bytes: Uint8Array, f: LinkFaults): Promise<number | undefined> {
    const size = Math.max(1, f.chunkSize ?? bytes.length);
    const byteMs = f.baudRate !== undefined && f.baudRate > 0 ? 10_000 / f.baudRate : 0;
    let at: number | undefined;
    for (let offset = 0; offset < bytes.length; offset += size) {
      const piece = bytes.subarray(offset, offset + size);
      const wait = (offset > 0 && f.chunkSize !== undefined ? (f.chunkGapMs ?? 2) : 0) + piece.length * byteMs;
      if (wait >= 1) await sleep(wait);
      at = monotonicNow();
      const written: Result<void, Failure> = await this.#transport.write(piece);
      if (!written.ok) return undefined; // unplugged: the frame is lost, as on a real link
    }
    return at;
  }

  #enqueue(write: () => Promise<void>): Promise<void> {
    this.#writes = this.#writes.then(write);
    return this.#writes;
  }
}
