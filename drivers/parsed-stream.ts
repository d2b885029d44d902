/**
 * The receive side every receive-mostly driver shares: subscribes to an injected transport (which it
 * owns) once its first listener is in, runs each chunk through a parser that never throws, stamps events
 * with the driver's clock when their chunk arrived, and keeps the counters. Counters: `frames` good events; `badFrames` discarded runs
 * (one per parser `discarded` event); `discardedBytes` their total size (an overlong line's whole length).
 */
import type { DeviceCounters } from '../src/devices/status.js';
import { Listeners } from './listeners.js';
import type { ByteTransport } from './transport.js';

export interface Discarded<R extends string> {
  readonly type: 'discarded';
  readonly bytes: Uint8Array;
  readonly reason: R;
  /** The run's size when `bytes` hold only its start (an overlong line); else `bytes.length`. */
  readonly length?: number;
}

export interface StreamParser<G, R extends string> {
  push(chunk: Uint8Array): readonly (G | Discarded<R>)[];
  /**
   * For a parser whose pending input goes stale (an MRZ zone cut short): the clock time at which it does, or
   * undefined when nothing is pending. ParsedStream then pushes an empty chunk at that time, so the stale
   * input is discarded even when no further byte arrives.
   */
  deadline?(): number | undefined;
}

const isDiscarded = <G, R extends string>(e: G | Discarded<R>): e is Discarded<R> => (e as { type?: unknown }).type === 'discarded';

/** Bytes the parser could not use, and when they arrived. */
export interface DiscardedBytesAt<R extends string> {
  readonly reason: R;
  /** The run, or its start when it was longer than a parser keeps. */
  readonly bytes: Uint8Array;
  /** The run's whole size in bytes. */
  readonly length: number;
  readonly at: number;
}

export class ParsedStream<G extends { readonly type: string }, R extends string> {
  readonly #good = new Listeners<[G, number]>();
  readonly #bad = new Listeners<[DiscardedBytesAt<R>]>();
  readonly #counters = { frames: 0, badFrames: 0, discardedBytes: 0 };
  #unsubscribe: (() => void) | undefined;
  #attaching = false;
  #closed = false;
  #expiry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly transport: ByteTransport,
    private readonly parser: StreamParser<G, R>,
    private readonly clock: () => number,
  ) {}

  /**
   * Subscribes to the transport once the first listener is in — after the current synchronous run of
   * subscriptions, so every listener a caller adds in one go sees the bytes the transport held for it.
   */
  #attach(): void {
    if (this.#attaching || this.#closed) return;
    this.#attaching = true;
    queueMicrotask(() => {
      if (this.#closed) return;
      this.#unsubscribe = this.transport.onData((chunk) => this.#receive(chunk));
    });
  }

  #receive(chunk: Uint8Array): void {
    clearTimeout(this.#expiry);
    const at = this.clock();
    for (const event of this.parser.push(chunk)) {
      if (isDiscarded(event)) {
        const length = event.length ?? event.bytes.length;
        this.#counters.badFrames += 1;
        this.#counters.discardedBytes += length;
        this.#bad.emit({ reason: event.reason, bytes: event.bytes, length, at });
      } else {
        this.#counters.frames += 1;
        this.#good.emit(event, at);
      }
    }
    const deadline = this.parser.deadline?.();
    if (deadline !== undefined && !this.#closed) {
      this.#expiry = setTimeout(() => this.#receive(new Uint8Array(0)), Math.max(0, deadline - this.clock()) + 1);
    }
  }

  onGood(listener: (event: G, at: number) => void): () => void {
    const unsubscribe = this.#good.add(listener);
    this.#attach();
    return unsubscribe;
  }

  onDiscarded(listener: (bad: DiscardedBytesAt<R>) => void): () => void {
    const unsubscribe = this.#bad.add(listener);
    this.#attach();
    return unsubscribe;
  }

  counters(): DeviceCounters {
    return { ...this.#counters };
  }

  /** Stops listening and closes the transport. */
  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#expiry);
    this.#unsubscribe?.();
    return this.transport.close();
  }
}
