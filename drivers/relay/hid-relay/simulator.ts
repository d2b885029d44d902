import { err, failure, ok, type Failure, type Result } from '../../../src/result.js';
import { SimHidDevice } from '../../hid/sim-transport.js';
import type { HidDeviceInfo } from '../../hid/transport.js';
import { Listeners } from '../../listeners.js';
import { monotonicNow } from '../../monotonic.js';
import type { ReceivedRelayCommand, RelaySimulator } from '../relay.js';
import { decodeSwitch, encodeStatus, FEATURE_REPORT_ID } from './codec.js';

/** A two-relay DCTTech board as `usbrelay` finds it (docs/devices/hid-relay.md §1). */
export const SIM_HID_RELAY_DEVICE: HidDeviceInfo = { vendorId: 0x16c0, productId: 0x05df, product: 'USBRelay2' };

/** How many received commands `commands()` keeps (a demo gate runs for days). */
const HISTORY = 1000;

/**
 * The board side of a USBRelayN board at the report level (docs/devices/hid-relay.md §4): switches its relays on
 * the feature reports it is sent, answers the status feature report with its ID and relay states, counts reports
 * that are not a switch (`badCommands`). `stuck` makes a relay ignore commands (a welded contact).
 */
export class HidRelaySimulator implements RelaySimulator {
  static open(boardId = 'SIM01', info: HidDeviceInfo = SIM_HID_RELAY_DEVICE): Promise<Result<HidRelaySimulator, Failure>> {
    return Promise.resolve(ok(new HidRelaySimulator(new SimHidDevice(info), boardId)));
  }

  readonly #listeners = new Listeners<[ReceivedRelayCommand]>();
  readonly #history: ReceivedRelayCommand[] = [];
  readonly #stuck = new Set<number>();
  #states = 0;
  #bad = 0;

  private constructor(
    readonly device: SimHidDevice,
    readonly boardId: string,
  ) {
    device.handle({
      setFeature: (report) => {
        const command = decodeSwitch(report);
        if (!command.ok) {
          this.#bad += 1;
          return err(failure('hid.io', `not a USBRelay command: ${command.error}`));
        }
        const { channel, on } = command.value;
        if (!this.#stuck.has(channel)) this.#states = on ? this.#states | (1 << (channel - 1)) : this.#states & ~(1 << (channel - 1));
        const received = { channel, on, at: monotonicNow() };
        this.#history.push(received);
        if (this.#history.length > HISTORY) this.#history.shift();
        this.#listeners.emit(received);
        return ok(undefined);
      },
      getFeature: (reportId) => (reportId === FEATURE_REPORT_ID ? ok(encodeStatus({ boardId: this.boardId, states: this.#states })) : err(failure('hid.io', `no feature report ${reportId}`))),
    });
  }

  onCommand(listener: (command: ReceivedRelayCommand) => void): () => void {
    return this.#listeners.add(listener);
  }

  commands(): readonly ReceivedRelayCommand[] {
    return [...this.#history];
  }

  /** Whether relay `channel` is on now. */
  isOn(channel: number): boolean {
    return (this.#states & (1 << (channel - 1))) !== 0;
  }

  /** Feature reports that were not a valid switch command. */
  badCommands(): number {
    return this.#bad;
  }

  /** From now on relay `channel` stays as it is, whatever it is told (or follows again with `false`). */
  setStuck(channel: number, stuck: boolean): void {
    if (stuck) this.#stuck.add(channel);
    else this.#stuck.delete(channel);
  }

  close(): Promise<void> {
    this.device.unplug();
    return Promise.resolve();
  }
}
