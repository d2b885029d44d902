import { setTimeout as delay } from 'node:timers/promises';
import type { Failure, Result } from '../../../src/result.js';
import type { ByteTransport } from '../../transport.js';
import { encodeRelayCommand } from './codec.js';

/**
 * Pause after every command. The board sends no acknowledgement to wait for; MultiRoomAudio `LcusRelayBoard`
 * waits 50 ms between commands (docs/devices.md §5.1).
 */
export const COMMAND_GAP_MS = 50;

/**
 * LCUS serial relay board over an injected transport, which it owns. Commands run one at a time, in call order,
 * each followed by COMMAND_GAP_MS. DTR/RTS are left as serialport opens them.
 */
export class LcusRelay {
  readonly #transport: ByteTransport;
  readonly #sleep: (ms: number) => Promise<void>;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(transport: ByteTransport, sleep: (ms: number) => Promise<void> = (ms) => delay(ms)) {
    this.#transport = transport;
    this.#sleep = sleep;
  }

  /** Switches one channel. Throws RangeError at once for a channel outside 1 … 8. */
  set(channel: number, on: boolean): Promise<Result<void, Failure>> {
    const command = encodeRelayCommand({ channel, on });
    return this.#serialise(() => this.#send(command));
  }

  /**
   * On, hold `ms`, off — one queued operation, so no other command lands inside the pulse. The hold counts the
   * gap after "on", so a pulse is never shorter than COMMAND_GAP_MS. If "on" fails, "off" is not sent; if "off"
   * fails the relay may still be on, and the failure is returned. Throws RangeError for a bad channel or `ms`.
   */
  pulse(channel: number, ms: number): Promise<Result<void, Failure>> {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`pulse length must be a finite number of ms ≥ 0, got ${ms}`);
    const on = encodeRelayCommand({ channel, on: true });
    const off = encodeRelayCommand({ channel, on: false });
    return this.#serialise(async () => {
      const switchedOn = await this.#send(on);
      if (!switchedOn.ok) return switchedOn;
      await this.#sleep(Math.max(0, ms - COMMAND_GAP_MS));
      return this.#send(off);
    });
  }

  /** Waits for queued commands (so a pulse still ends with "off"), then closes the transport. */
  async close(): Promise<void> {
    await this.#queue;
    await this.#transport.close();
  }

  async #send(command: Uint8Array): Promise<Result<void, Failure>> {
    const written = await this.#transport.write(command);
    if (written.ok) await this.#sleep(COMMAND_GAP_MS);
    return written;
  }

  #serialise(operation: () => Promise<Result<void, Failure>>): Promise<Result<void, Failure>> {
    const result = this.#queue.then(operation);
    this.#queue = result;
    return result;
  }
}
