/**
 * Acts visitors out on a lane's simulators, whatever their protocols: presents themselves to the lane's first
 * reader, steps up to the thermometer, re-measures when asked, taps the mask button (the same lane call the
 * screen's button makes), waits for the verdict, leaves.
 */
import type { ThermometerSimulator } from '../../drivers/thermometer/thermometer.js';
import type { SimulatedReader } from '../devices.js';
import type { Lane } from '../lane/lane.js';
import type { Log } from '../log.js';
import { makeVisitor, simPersonOf, visitorKinds, type Visitor } from './visitors.js';

/** A thermometer's bytes that no protocol takes for a frame: a GY-MCU90614 frame with its checksum wrong, noise to any other. */
const GARBLED = Uint8Array.from([0x5a, 0x5a, 0x45, 0x04, 0x0e, 0x42, 0x09, 0xc4, 0x00, 0xff, 0x13]);

const AMBIENT_C = 24.5;
/** Nobody in front of the sensor: it sees about the room. */
const NOBODY = { objectC: AMBIENT_C + 1, ambientC: AMBIENT_C };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class DemoDriver {
  private running = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly lane: Lane,
    private readonly sims: { readonly thermometer: ThermometerSimulator; readonly reader: SimulatedReader },
    /** `residentIds`: every other visitor who scans shows one of these (in turn) instead of a random ID. */
    private readonly opts: { offsetC: number; intervalMs: number; log: Log; rand?: () => number; residentIds?: readonly string[] },
  ) {}

  start(): void {
    this.running = true;
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  private async loop(): Promise<void> {
    const rand = this.opts.rand ?? Math.random;
    const kinds = visitorKinds(rand);
    const residents = this.opts.residentIds ?? [];
    for (let n = 0; this.running; n++) {
      const made = makeVisitor(kinds.next().value, rand);
      const resident = residents[(n / 2) % residents.length];
      const visitor = n % 2 === 0 && made.scan !== undefined && resident !== undefined ? { ...made, scan: resident } : made;
      try {
        await this.act(visitor);
      } catch (e) {
        this.opts.log.error({ error: (e as Error).message, kind: visitor.kind }, 'demo visitor failed');
      }
      await sleep(this.opts.intervalMs);
    }
  }

  private async act(v: Visitor): Promise<void> {
    const { thermometer, reader } = this.sims;
    const object = (bodyC: number): number => Math.round((bodyC - this.opts.offsetC) * 100) / 100;
    // The lane adds its calibration `offsetC` to whatever the sensor reports, a body-mode module's body
    // reading included (docs/devices/body-mode.md, "Compensation"): a sensor that needs it reads that much low.
    const scene = (bodyC: number) => ({ objectC: object(bodyC), ambientC: AMBIENT_C, bodyC: object(bodyC) });
    // The next visitor steps up once the previous verdict is off the screen, as people do.
    await this.until(() => this.screen().kind === 'idle', 70_000);
    this.opts.log.debug({ kind: v.kind }, 'demo visitor arrives');
    // A refused scan is text a scanner types; other readers have no such misread to act out.
    if (v.refusedScan !== undefined && reader.kind === 'scanner') await reader.sim.injectRaw(new TextEncoder().encode(`${v.refusedScan}\r`));
    if (v.scan !== undefined) await reader.sim.present(simPersonOf(v.scan, reader.config));
    // A reader that polls (an ID-card reader) takes a moment to read what was presented.
    if (v.scan !== undefined) await this.until(() => this.screen().kind !== 'idle', 3000);
    await sleep(300);
    if (v.kind === 'garbled') await thermometer.injectRaw(GARBLED);
    thermometer.setScene(scene(v.bodyC[0]));
    await this.until(() => this.screen().kind !== 'collecting' || this.remeasuring(), 3000);
    if (this.remeasuring()) {
      thermometer.setScene(NOBODY);
      await sleep(700);
      thermometer.setScene(scene(v.bodyC[1]));
      await this.until(() => !this.remeasuring(), 3000);
    }
    if (v.wearsMask) this.lane.declareMask();
    await this.until(() => this.screen().kind === 'verdict' || this.screen().kind === 'fault', 70_000);
    thermometer.setScene(NOBODY);
  }

  private screen(): ReturnType<Lane['view']>['screen'] {
    return this.lane.view().screen;
  }

  private remeasuring(): boolean {
    const s = this.screen();
    return s.kind === 'collecting' && s.remeasure;
  }

  private async until(cond: () => boolean, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.running && !cond() && Date.now() < end) await sleep(50);
  }
}
