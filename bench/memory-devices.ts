/**
 * In-memory devices behind the real lane, for runs that need a day of visitors in seconds: the lane,
 * session, engine, journal, registers and sealing are the gate's own; only the bytes are skipped.
 */
import type { LaneDevices, OpenLaneDevices } from '../main/devices.js';
import { ok } from '../src/result.js';
import { monotonicNow } from '../drivers/monotonic.js';
import type { ReaderRead } from '../drivers/reader/reader.js';
import type { ThermometerFrame } from '../drivers/thermometer/thermometer.js';

export class MemoryLane {
  objectC = 25;
  private frames = new Set<(f: ThermometerFrame) => void>();
  private reads = new Set<(r: ReaderRead) => void>();
  private count = 0;
  relayPulses = 0;

  /** Emits one thermometer frame of the current scene, as a query answer would, stamped like a driver's (monotonic). */
  frame(at = monotonicNow()): void {
    this.count++;
    for (const l of this.frames) l({ objectC: this.objectC, ambientC: 24.5, basis: 'surface', at });
  }

  scan(text: string): void {
    for (const l of this.reads) l({ kind: 'text', text, at: monotonicNow() });
  }

  devices(): LaneDevices {
    const subscribe = <T>(set: Set<T>, l: T): (() => void) => (set.add(l), () => void set.delete(l));
    const none = () => () => undefined;
    return {
      thermometer: {
        query: () => Promise.resolve(ok(undefined)),
        onFrame: (l) => subscribe(this.frames, l),
        onBadFrame: none,
        onLinkLost: none,
        counters: () => ({ frames: this.count, badFrames: 0, discardedBytes: 0 }),
      },
      readers: [
        {
          id: 'scanner',
          kind: 'scanner',
          onRead: (l) => subscribe(this.reads, l),
          onBadFrame: none,
          acknowledge: () => Promise.resolve(ok(undefined)),
          counters: () => ({ frames: 0, badFrames: 0, discardedBytes: 0 }),
        },
      ],
      relay: { pulse: () => ((this.relayPulses += 1), Promise.resolve(ok(undefined))), linked: () => true },
      inputs: { inputs: [], simulators: [], status: () => [], close: () => Promise.resolve() },
      simulators: { readers: [] },
      status: () => [],
      holdOpen: () => Promise.resolve(ok(undefined)),
      closeRelay: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
  }
}

export function memoryDevices(): { open: OpenLaneDevices; lanes: Map<string, MemoryLane> } {
  const lanes = new Map<string, MemoryLane>();
  return {
    lanes,
    open: (lane) => {
      const m = new MemoryLane();
      lanes.set(lane.id, m);
      return Promise.resolve(ok(m.devices()));
    },
  };
}
