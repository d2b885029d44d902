import { setTimeout as delay } from 'node:timers/promises';
import { err, failure, ok, type Failure, type Result } from '../../../src/result.js';
import type { ByteTransport } from '../../transport.js';
import { encodeRelayCommand } from './codec.js';

/**
 * Pause after every command. The board sends no acknowledgement to wait for; MultiRoomAudio `LcusRelayBoard`
 * waits 50 ms between commands (docs/devices.md §5.1).
 */
export const COMMAND_GAP_MS = 50;

/** A pause that ends early when `signal` aborts (it then resolves, never rejects). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

const abortableDelay: Sleep = (ms, signal) =>
  delay(ms, undefined, { signal }).then(
    () => undefined,
    () => undefined, // aborted: the only way this timer rejects
  );

/** For the pause after a command, which nothing cuts short. */
const NEVER = new AbortController().signal;

export interface LcusRelayOptions {
  /**
   * Each channel's safe state, channel 1 first (`true` = on, energised): what `toSafeState()` drives and what a
   * pulse returns to. Channels past the end of the list are off. Default: channel 1 off.
   */
  readonly safeState?: readonly boolean[];
  /** Channels held open from the start (see holdOpen): a link reopened during a fire alarm comes up with its exits free. */
  readonly held?: ReadonlySet<number>;
  readonly sleep?: Sleep;
}

/**
 * LCUS serial relay board over an injected transport, which it owns. Commands run one at a time, in call order,
 * each followed by COMMAND_GAP_MS. DTR/RTS are left as serialport opens them. The board has no timed ("jog") mode,
 * so a pulse is timed here: a crash mid-pulse leaves the channel where the pulse put it until the next
 * `toSafeState()` (docs/relay-safety.md).
 */
export class LcusRelay {
  readonly #transport: ByteTransport;
  readonly #safe: readonly boolean[];
  readonly #sleep: Sleep;
  /** Aborted by close(): ends the hold of a pulse in progress at once. */
  readonly #stopping = new AbortController();
  /** Channels held out of their safe state (holdOpen). */
  #held: ReadonlySet<number>;
  /** The pulse in progress: its channel, and what ends its hold early. */
  #pulsing: { readonly channel: number; readonly cut: AbortController } | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;

  constructor(transport: ByteTransport, options: LcusRelayOptions = {}) {
    this.#transport = transport;
    this.#safe = options.safeState ?? [false];
    this.#held = options.held ?? new Set();
    this.#sleep = options.sleep ?? abortableDelay;
  }

  /** Switches one channel. Throws RangeError at once for a channel outside 1 … 8. */
  set(channel: number, on: boolean): Promise<Result<void, Failure>> {
    const command = encodeRelayCommand({ channel, on });
    return this.#serialise(() => this.#send(command));
  }

  /**
   * Leaves the channel's safe state, holds `ms`, returns to it — one queued operation, so no other command lands
   * inside the pulse. The hold counts the gap after the first command, so a pulse is never shorter than
   * COMMAND_GAP_MS, except that close() cuts the hold short. If the first command fails, the second is not sent;
   * if the second fails the channel may still be out of its safe state, and the failure is returned.
   * Throws RangeError for a bad channel or `ms`.
   */
  pulse(channel: number, ms: number): Promise<Result<void, Failure>> {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`pulse length must be a finite number of ms ≥ 0, got ${ms}`);
    const away = encodeRelayCommand({ channel, on: !this.#safeOf(channel) });
    return this.#serialise(async () => {
      // A held channel is already out of its safe state (the gate free): the pulse has nothing to do.
      if (this.#held.has(channel)) return ok(undefined);
      // Cut short by close() or a hold on this channel from the first command on (its gap included).
      const cut = new AbortController();
      const stop = (): void => cut.abort();
      this.#stopping.signal.addEventListener('abort', stop);
      this.#pulsing = { channel, cut };
      try {
        const left = await this.#send(away);
        if (!left.ok) return left;
        await this.#sleep(Math.max(0, ms - COMMAND_GAP_MS), cut.signal);
      } finally {
        this.#pulsing = undefined;
        this.#stopping.signal.removeEventListener('abort', stop);
      }
      return this.#send(encodeRelayCommand({ channel, on: this.#restOf(channel) }));
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
    for (const channel of channels) encodeRelayCommand({ channel, on: true }); // RangeError for a bad channel, at once
    const changed = [...new Set([...channels, ...this.#held])].filter((c) => channels.has(c) !== this.#held.has(c)).sort((a, b) => a - b);
    this.#held = new Set(channels);
    if (this.#pulsing !== undefined && channels.has(this.#pulsing.channel)) this.#pulsing.cut.abort();
    return this.#serialise(async () => {
      let first: Result<void, Failure> = ok(undefined);
      for (const channel of changed) {
        const sent = await this.#send(encodeRelayCommand({ channel, on: this.#restOf(channel) }));
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
      await this.#transport.close();
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
      const sent = await this.#send(encodeRelayCommand({ channel, on: this.#restOf(channel) }));
      if (first.ok && !sent.ok) first = sent;
    }
    return first;
  }

  async #send(command: Uint8Array): Promise<Result<void, Failure>> {
    const written = await this.#transport.write(command);
    if (written.ok) await this.#sleep(COMMAND_GAP_MS, NEVER);
    return written;
  }

  #serialise(operation: () => Promise<Result<void, Failure>>): Promise<Result<void, Failure>> {
    const result = this.#queue.then(() => (this.#stopping.signal.aborted ? err(failure('relay.closed', 'the relay is closed')) : operation()));
    this.#queue = result;
    return result;
  }
}
