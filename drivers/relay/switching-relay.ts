import { setTimeout as delay } from 'node:timers/promises';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import type { RelayDriver } from './relay.js';

/** A pause that ends early when `signal` aborts (it then resolves, never rejects). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const abortableDelay: Sleep = (ms, signal) =>
  delay(ms, undefined, { signal }).then(
    () => undefined,
    () => undefined, // aborted: the only way this timer rejects
  );

/**
 * The timing and safety every relay board shares, over the one thing each protocol does its own way:
 * switching one channel (`switchChannel`). Commands run one at a time, in call order. A board without a timed
 * ("jog") mode is pulsed here: a crash mid-pulse leaves the channel where the pulse put it until the next
 * `toSafeState()` (docs/relay-safety.md).
 */
export abstract class SwitchingRelay implements RelayDriver {
  readonly #safe: readonly boolean[];
  /** Aborted by close(): ends the hold of a pulse in progress at once. */
  readonly #stopping = new AbortController();
  /** Channels held out of their safe state (holdOpen). */
  #held: ReadonlySet<number>;
  /** The pulse in progress: its channel, and what ends its hold early. */
  #pulsing: { readonly channel: number; readonly cut: AbortController } | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;

  /**
   * `safeState`: each channel's safe state, channel 1 first (`true` = on); channels past its end are off.
   * `commandGapMs`: how long a switch takes before it returns (a board's pause after each command), counted in a pulse's hold.
   * `held`: channels held open from the start (see holdOpen): a link reopened during a fire alarm comes up with its exits free.
   */
  protected constructor(
    safeState: readonly boolean[],
    protected readonly sleep: Sleep,
    private readonly commandGapMs: number,
    held: ReadonlySet<number> = new Set(),
  ) {
    this.#safe = safeState;
    this.#held = held;
  }

  /** Switches one channel; the caller checked it. */
  protected abstract switchChannel(channel: number, on: boolean): Promise<Result<void, Failure>>;
  /** Throws RangeError for a channel this board cannot have (a caller bug: config allows only those). */
  protected abstract checkChannel(channel: number): void;
  /** Releases the transport. */
  protected abstract release(): Promise<void>;

  /** Switches one channel. Throws RangeError at once for a channel the board cannot have. */
  set(channel: number, on: boolean): Promise<Result<void, Failure>> {
    this.checkChannel(channel);
    return this.#serialise(() => this.switchChannel(channel, on));
  }

  /**
   * Leaves the channel's safe state, holds `ms`, returns to it — one queued operation, so no other command lands
   * inside the pulse. The hold counts the command gap after the first command, so a pulse is never shorter than
   * it, except that close() cuts the hold short. If the first command fails, the second is not sent; if the
   * second fails the channel may still be out of its safe state, and the failure is returned.
   * Throws RangeError for a bad channel or `ms`.
   */
  pulse(channel: number, ms: number): Promise<Result<void, Failure>> {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`pulse length must be a finite number of ms ≥ 0, got ${ms}`);
    this.checkChannel(channel);
    const safe = this.#safeOf(channel);
    return this.#serialise(async () => {
      // A held channel is already out of its safe state (the gate free): the pulse has nothing to do.
      if (this.#held.has(channel)) return ok(undefined);
      // Cut short by close() or by a hold on this channel, from the first command on (its gap included).
      const cut = new AbortController();
      const stop = (): void => cut.abort();
      this.#stopping.signal.addEventListener('abort', stop);
      this.#pulsing = { channel, cut };
      try {
        const left = await this.switchChannel(channel, !safe);
        if (!left.ok) return left;
        await this.sleep(Math.max(0, ms - this.commandGapMs), cut.signal);
      } finally {
        this.#pulsing = undefined;
        this.#stopping.signal.removeEventListener('abort', stop);
      }
      return this.switchChannel(channel, this.#restOf(channel));
    });
  }

  /**
   * Holds `channels` out of their safe state — where a pulse puts them: the gate free — until a later call
   * leaves them out; every other channel rests in its safe state again. For a fire alarm (docs/inputs.md): the
   * safe state is overridden, not changed. A pulse in progress on a channel that becomes held ends at once and
   * stays out; pulses on held channels change nothing; toSafeState() and close() leave held channels out of
   * their safe state (a gate stopped during a fire alarm must not lock its exits). The changed channels'
   * commands jump no queue but the gap: a pulse in progress elsewhere finishes first. Fails like set().
   */
  holdOpen(channels: ReadonlySet<number>): Promise<Result<void, Failure>> {
    for (const channel of channels) this.checkChannel(channel); // RangeError for a bad channel, at once
    const changed = [...new Set([...channels, ...this.#held])].filter((c) => channels.has(c) !== this.#held.has(c)).sort((a, b) => a - b);
    this.#held = new Set(channels);
    if (this.#pulsing !== undefined && channels.has(this.#pulsing.channel)) this.#pulsing.cut.abort();
    return this.#serialise(async () => {
      let first: Result<void, Failure> = ok(undefined);
      for (const channel of changed) {
        const sent = await this.switchChannel(channel, this.#restOf(channel));
        if (first.ok && !sent.ok) first = sent;
      }
      return first;
    });
  }

  /** Drives every channel of the safe-state list to its safe state (a held channel: out of it), in channel order; the first failure is returned, after trying them all. */
  toSafeState(): Promise<Result<void, Failure>> {
    return this.#serialise(() => this.#driveSafe());
  }

  /**
   * Stops the relay for good: commands not yet started fail with `relay.closed`, a pulse in progress has its hold
   * cut short and returns to its safe state, every channel is then driven to its safe state (best effort: a gone
   * link cannot be written), and the transport closes. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stopping.abort();
      await this.#queue;
      await this.#driveSafe();
      await this.release();
    })();
    return this.#closing;
  }

  #safeOf(channel: number): boolean {
    return this.#safe[channel - 1] ?? false;
  }

  /** Where the channel rests between pulses: its safe state, or out of it while held. */
  #restOf(channel: number): boolean {
    return this.#held.has(channel) ? !this.#safeOf(channel) : this.#safeOf(channel);
  }

  async #driveSafe(): Promise<Result<void, Failure>> {
    let first: Result<void, Failure> = ok(undefined);
    const channels = Math.max(this.#safe.length, ...this.#held);
    for (let channel = 1; channel <= channels; channel++) {
      const sent = await this.switchChannel(channel, this.#restOf(channel));
      if (first.ok && !sent.ok) first = sent;
    }
    return first;
  }

  #serialise(operation: () => Promise<Result<void, Failure>>): Promise<Result<void, Failure>> {
    const result = this.#queue.then(() => (this.#stopping.signal.aborted ? err(failure('relay.closed', 'the relay is closed')) : operation()));
    this.#queue = result;
    return result;
  }
}
