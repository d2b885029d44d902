/**
 * The lane's ports over supervised devices. A port outlives every link: the lane subscribes once, and each
 * time the supervisor brings a new driver up (a reopen after an unplug) the port forwards that driver's events,
 * until its link ends. Commands while no link is ready fail at once with `device.offline`; nothing is queued
 * for later, so a relay that comes back never pulses for a decision taken while it was gone.
 */
import type { DeviceCounters, ReaderKind } from '../../src/devices/status.js';
import { err, failure, type Failure, type Result } from '../../src/result.js';
import { Listeners } from '../../drivers/listeners.js';
import type { ReaderDiscarded, ReaderDriver, ReaderRead } from '../../drivers/reader/reader.js';
import type { ThermometerDiscarded, ThermometerDriver, ThermometerFrame } from '../../drivers/thermometer/thermometer.js';
import type { ReaderPort, RelayPort, ThermometerPort } from '../lane/ports.js';
import type { RelayDriver } from '../../drivers/relay/relay.js';
import type { SupervisedDevice } from './supervisor.js';

const offline = (what: string): Promise<Result<void, Failure>> => Promise.resolve(err(failure('device.offline', `the ${what} is not linked`)));

/** A driver's counters summed over every link it has had, the current one included. */
class CountersAcrossLinks {
  #past: DeviceCounters = { frames: 0, badFrames: 0, discardedBytes: 0 };
  #current: (() => DeviceCounters) | undefined;

  /** Counts `device` from now; returns what to run when its link ends. */
  follow(device: { counters(): DeviceCounters }): () => void {
    this.#current = () => device.counters();
    return () => {
      this.#past = add(this.#past, device.counters());
      this.#current = undefined;
    };
  }

  total(): DeviceCounters {
    return this.#current === undefined ? { ...this.#past } : add(this.#past, this.#current());
  }
}

const add = (a: DeviceCounters, b: DeviceCounters): DeviceCounters => ({
  frames: a.frames + b.frames,
  badFrames: a.badFrames + b.badFrames,
  discardedBytes: a.discardedBytes + b.discardedBytes,
});

/** Runs every function in `undo`. */
const all =
  (...undo: (() => void)[]): (() => void) =>
  () => {
    for (const u of undo) u();
  };

export class SwitchedThermometer implements ThermometerPort {
  readonly #frames = new Listeners<[ThermometerFrame]>();
  readonly #bad = new Listeners<[ThermometerDiscarded]>();
  readonly #lost = new Listeners<[]>();
  readonly #counters = new CountersAcrossLinks();

  constructor(private readonly link: SupervisedDevice<ThermometerDriver>) {
    link.eachLink((d) =>
      all(
        d.onFrame((f) => this.#frames.emit(f)),
        d.onBadFrame((b) => this.#bad.emit(b)),
        this.#counters.follow(d),
        () => this.#lost.emit(),
      ),
    );
  }

  query(): Promise<Result<void, Failure>> {
    return this.link.current()?.query() ?? offline('thermometer');
  }

  onFrame(listener: (f: ThermometerFrame) => void): () => void {
    return this.#frames.add(listener);
  }

  onBadFrame(listener: (b: ThermometerDiscarded) => void): () => void {
    return this.#bad.add(listener);
  }

  onLinkLost(listener: () => void): () => void {
    return this.#lost.add(listener);
  }

  counters(): DeviceCounters {
    return this.#counters.total();
  }
}

export class SwitchedReader implements ReaderPort {
  readonly #reads = new Listeners<[ReaderRead]>();
  readonly #bad = new Listeners<[ReaderDiscarded]>();
  readonly #counters = new CountersAcrossLinks();

  constructor(
    private readonly link: SupervisedDevice<ReaderDriver>,
    readonly id: string,
    readonly kind: ReaderKind,
  ) {
    link.eachLink((d) =>
      all(
        d.onRead((r) => this.#reads.emit(r)),
        d.onBadFrame((b) => this.#bad.emit(b)),
        this.#counters.follow(d),
      ),
    );
  }

  onRead(listener: (read: ReaderRead) => void): () => void {
    return this.#reads.add(listener);
  }

  onBadFrame(listener: (b: ReaderDiscarded) => void): () => void {
    return this.#bad.add(listener);
  }

  acknowledge(): Promise<Result<void, Failure>> {
    return this.link.current()?.acknowledge() ?? offline(`reader ${this.id}`);
  }

  counters(): DeviceCounters {
    return this.#counters.total();
  }
}

export class SwitchedRelay implements RelayPort {
  constructor(private readonly link: SupervisedDevice<RelayDriver>) {}

  pulse(channel: number, ms: number): Promise<Result<void, Failure>> {
    return this.link.current()?.pulse(channel, ms) ?? offline('relay');
  }

  linked(): boolean {
    return this.link.current() !== undefined;
  }
}
