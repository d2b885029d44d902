import { err, failure, ok, type Failure, type Result } from '../../../src/result.js';
import type { HidTransport } from '../../hid/transport.js';
import { abortableDelay, SwitchingRelay, type Sleep } from '../switching-relay.js';
import { COMMAND_LENGTH, decodeStatus, encodeSwitch, FEATURE_REPORT_ID, type BoardStatus } from './codec.js';

export interface HidRelayOptions {
  /** Each channel's safe state, channel 1 first (`true` = on). Default: channel 1 off. */
  readonly safeState?: readonly boolean[];
  /** The board's 5-character ID; a board with another is refused by `init()` (`relay.wrong-board`). */
  readonly boardId?: string;
  /** Channels held open from the start (SwitchingRelay.holdOpen): a board reopened during a fire alarm comes up with its exits free. */
  readonly held?: ReadonlySet<number>;
  readonly sleep?: Sleep;
}

/**
 * A USBRelayN HID relay board (docs/devices/hid-relay.md) over an injected HidTransport, which it owns. Each
 * switch is a feature report, then the state is read back and checked, as the vendor library does
 * (`relay.not-switched` when the relay did not follow). Pulses and the safe state: drivers/relay/switching-relay.ts.
 */
export class HidRelay extends SwitchingRelay {
  readonly #transport: HidTransport;
  readonly #boardId: string | undefined;

  constructor(transport: HidTransport, options: HidRelayOptions = {}) {
    super(options.safeState ?? [false], options.sleep ?? abortableDelay, 0, options.held);
    this.#transport = transport;
    this.#boardId = options.boardId;
  }

  /** Checks the board's ID when one is configured, then drives the safe state; run at every open. */
  async init(): Promise<Result<void, Failure>> {
    if (this.#boardId !== undefined) {
      const status = await this.status();
      if (!status.ok) return status;
      if (status.value.boardId !== this.#boardId) return err(failure('relay.wrong-board', `this is board ${status.value.boardId}, not ${this.#boardId}`));
    }
    return this.toSafeState();
  }

  /** The board's ID and relay states, read now. */
  async status(): Promise<Result<BoardStatus, Failure>> {
    const read = await this.#transport.getFeatureReport(FEATURE_REPORT_ID, COMMAND_LENGTH);
    if (!read.ok) return read;
    const status = decodeStatus(read.value);
    return status.ok ? status : err(failure('relay.bad-status', `the board's status report is not a USBRelay one (${read.value.length} bytes)`));
  }

  protected checkChannel(channel: number): void {
    encodeSwitch({ channel, on: false });
  }

  protected async switchChannel(channel: number, on: boolean): Promise<Result<void, Failure>> {
    const sent = await this.#transport.sendFeatureReport(encodeSwitch({ channel, on }));
    if (!sent.ok) return sent;
    const status = await this.status();
    if (!status.ok) return status;
    const isOn = (status.value.states & (1 << (channel - 1))) !== 0;
    return isOn === on ? ok(undefined) : err(failure('relay.not-switched', `relay ${channel} stayed ${isOn ? 'on' : 'off'}`));
  }

  protected release(): Promise<void> {
    return this.#transport.close();
  }
}
