/**
 * The lane's ports over supervised devices. A port outlives every link: the lane subscribes once, and each
 * time the supervisor brings a new driver up (a reopen after an unplug) the port forwards that driver's events,
 * until its link ends. Commands while no link is ready fail at once with `device.offline`; nothing is queued
 * for later, so a relay that comes back never pulses for a decision taken while it was gone.
 */
import type { DeviceCounters } from '../../src/devices/status.js';
import { err, failure, type Failure, type Result } from '../../src/result.js';
import { Listeners } from '../../drivers/listeners.js';
import type { LcusRelay } from '../../drivers/relay/lcus/driver.js';
import type { ReaderDiscarded } from '../../drivers/reader/reader.js';
import type { LineScanner } from '../../drivers/scanner/line/driver.js';
import type { DiscardedBytes, GyMcu90614 } from '../../drivers/thermometer/gy-mcu90614/driver.js';
import type { ThermometerFrame } from '../../drivers/thermometer/thermometer.js';
import type { RelayPort, ScannerPort, ThermometerPort } from '../lane/ports.js';
import type { DeviceSupervisor } from './supervisor.js';

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
  readonly #bad = new Listeners<[DiscardedBytes]>();
  readonly #lost = new Listeners<[]>();
  readonly #counters = new CountersAcrossLinks();

  constructor(private readonly link: DeviceSupervisor<GyMcu90614>) {
    link.eachLink((d) =>
      all(
        // A GY board reports surface temperature (docs/devices.md §1.5).
        d.onFrame((f) => this.#frames.emit({ ...f, basis: 'surface' })),
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

  onBadFrame(listener: (b: DiscardedBytes) => void): () => void {
    return this.#bad.add(listener);
  }

  onLinkLost(listener: () => void): () => void {
    return this.#lost.add(listener);
  }

  counters(): DeviceCounters {
    return this.#counters.total();
  }
}

interface Scan {
  readonly text: string;
  readonly at: number;
}

export class SwitchedScanner implements ScannerPort {
  readonly #scans = new Listeners<[Scan]>();
  readonly #bad = new Listeners<[ReaderDiscarded]>();
  readonly #counters = new CountersAcrossLinks();

  constructor(link: DeviceSupervisor<LineScanner>) {
    link.eachLink((d) =>
      all(
        d.onRead((r) => {
          if (r.kind === 'text') this.#scans.emit({ text: r.text, at: r.at });
        }),
        d.onBadFrame((b) => this.#bad.emit(b)),
        this.#counters.follow(d),
      ),
    );
  }

  onScan(listener: (s: Scan) => void): () => void {
    return this.#scans.add(listener);
  }

  onBadLine(listener: (b: ReaderDiscarded) => void): () => void {
    return this.#bad.add(listener);
  }

  counters(): DeviceCounters {
    return this.#counters.total();
  }
}

export class SwitchedRelay implements RelayPort {
  constructor(private readonly link: DeviceSupervisor<LcusRelay>) {}

  pulse(channel: number, ms: number): Promise<Result<void, Failure>> {
    return this.link.current()?.pulse(channel, ms) ?? offline('relay');
  }

  linked(): boolean {
    return this.link.current() !== undefined;
  }
}
