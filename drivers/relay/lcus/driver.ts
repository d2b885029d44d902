import type { Failure, Result } from '../../../src/result.js';
import type { ByteTransport } from '../../transport.js';
import { abortableDelay, SwitchingRelay, type Sleep } from '../switching-relay.js';
import { encodeRelayCommand } from './codec.js';

export type { Sleep } from '../switching-relay.js';

/**
 * Pause after every command. The board sends no acknowledgement to wait for; MultiRoomAudio `LcusRelayBoard`
 * waits 50 ms between commands (docs/devices.md §5.1).
 */
export const COMMAND_GAP_MS = 50;

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
 * so a pulse is timed here (drivers/relay/switching-relay.ts).
 */
export class LcusRelay extends SwitchingRelay {
  readonly #transport: ByteTransport;

  constructor(transport: ByteTransport, options: LcusRelayOptions = {}) {
    super(options.safeState ?? [false], options.sleep ?? abortableDelay, COMMAND_GAP_MS, options.held);
    this.#transport = transport;
  }

  protected checkChannel(channel: number): void {
    encodeRelayCommand({ channel, on: false });
  }

  protected async switchChannel(channel: number, on: boolean): Promise<Result<void, Failure>> {
    const written = await this.#transport.write(encodeRelayCommand({ channel, on }));
    if (written.ok) await this.sleep(COMMAND_GAP_MS, NEVER);
    return written;
  }

  protected release(): Promise<void> {
    return this.#transport.close();
  }
}
