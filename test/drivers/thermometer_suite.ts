/**
 * The pty tests every thermometer protocol shares (issue 10): the real driver over a real socat pty pair and the
 * real serialport binding, its simulator writing through a SimLink, each link fault, a device that stops
 * answering, unplug/replug, and a sensor nobody stands in front of. A protocol's test file calls
 * `thermometerPtySuite` with how to open its simulator and driver.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import type { LinkFaults } from '../../drivers/sim/sim-link.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import type { ThermometerDiscarded, ThermometerDriver, ThermometerFrame, ThermometerScene, ThermometerSimulator } from '../../drivers/thermometer/thermometer.js';
import type { ByteTransport } from '../../drivers/transport.js';
import { thermometerCommon } from '../../src/config/thermometer-common.js';
import type { Failure, Result } from '../../src/result.js';
import { feedFrame, SELECTOR_START, type SelectorConfig } from '../../src/thermometry/selector.js';
import { deviceLinkDir, PluggableDevice } from '../harness/pluggable-device.js';
import { Cleanup, eventually, expectOk } from './support.js';

/** A simulator whose link faults can change while it runs, and that counts the queries it answered. */
export interface FaultableSimulator extends ThermometerSimulator {
  setFaults(faults: LinkFaults): void;
  queriesReceived(): number;
}

export interface ThermometerUnderTest<S extends FaultableSimulator> {
  readonly name: string;
  /** Opens the simulator on the device side of a pair, with these link faults. */
  open(devicePath: string, faults: LinkFaults): Promise<Result<S, Failure>>;
  readonly baudRate: number;
  driver(transport: ByteTransport): ThermometerDriver;
  /** Starts the device streaming (GY boards: continuous mode, asked by the driver; a text thermometer: its simulator's knob). */
  stream(driver: ThermometerDriver, sim: S): Promise<void>;
  /** A person in front of the sensor, and the frame the driver reports for it (without `at`). */
  readonly person: ThermometerScene;
  readonly personFrame: Omit<ThermometerFrame, 'at'>;
  /** How many frames `init` asks for (a GY board's init is a query). */
  readonly initFrames: number;
  /** Whether a frame carries a checksum the link's `badChecksumRate` can break (text lines do not). */
  readonly checksummed: boolean;
}

const selector: SelectorConfig = {
  presenceMinC: thermometerCommon.presenceMinC.parse(undefined),
  stableFrames: thermometerCommon.stableFrames.parse(undefined),
  stableToleranceC: thermometerCommon.stableToleranceC.parse(undefined),
  offsetC: 0,
  compensation: thermometerCommon.compensation.parse(undefined),
  remeasureGapMs: 1000,
};

export function thermometerPtySuite<S extends FaultableSimulator>(t: ThermometerUnderTest<S>): void {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.closeAll());

  /** Simulator and driver, initialised and settled (whatever `init` asked for has arrived), then `faults` on. */
  async function rig(faults: LinkFaults = {}) {
    const device = cleanup.add(expectOk(await startSimulated((path) => t.open(path, {}))));
    device.sim.setScene(t.person);
    const transport = expectOk(await openSerialTransport(device.hostPath, t.baudRate));
    const driver = cleanup.add(t.driver(transport));
    const frames: ThermometerFrame[] = [];
    const bad: ThermometerDiscarded[] = [];
    driver.onFrame((f) => frames.push(f));
    driver.onBadFrame((b) => bad.push(b));
    expectOk(await driver.init());
    await eventually(() => frames.length >= t.initFrames);
    frames.length = 0;
    bad.length = 0;
    device.sim.setFaults(faults);
    return { sim: device.sim, driver, transport, frames, bad };
  }

  /** Queries once and waits until the simulator has taken the query and the driver has seen a frame or a discarded run more. */
  async function queryOnce(r: Awaited<ReturnType<typeof rig>>): Promise<void> {
    const before = r.frames.length + r.bad.length;
    const queries = r.sim.queriesReceived();
    expectOk(await r.driver.query());
    await eventually(() => r.sim.queriesReceived() > queries && r.frames.length + r.bad.length > before);
  }

  const personFrames = (frames: readonly ThermometerFrame[]) => frames.filter((f) => f.objectC === t.personFrame.objectC);

  describe(`${t.name} over a socat pty pair, through SimLink faults`, () => {
    it('answers a query with the scene, on the contract (basis included)', async () => {
      const r = await rig();
      const before = r.frames.length;
      expectOk(await r.driver.query());
      await eventually(() => r.frames.length > before);
      expect(r.frames.at(-1)).toMatchObject(t.personFrame);
      expect(r.bad).toEqual([]);
    });

    it.runIf(t.checksummed)('discards frames whose checksum the link broke and delivers the others', async () => {
      const r = await rig({ badChecksumRate: 0.5, seed: 7 });
      for (let i = 0; i < 20; i++) await queryOnce(r);
      const broken = r.bad.filter((b) => b.reason === 'bad-checksum').length;
      expect(broken).toBeGreaterThan(0);
      expect(personFrames(r.frames).length).toBeGreaterThan(0);
      expect(r.frames.every((f) => f.objectC === t.personFrame.objectC || f.objectC < selector.presenceMinC)).toBe(true);
    });

    it('recovers every whole frame after frames the link cut short', async () => {
      const r = await rig({ truncateRate: 0.3, seed: 11 });
      let whole = 0;
      r.sim.onFrameWritten(() => (whole += 1));
      await t.stream(r.driver, r.sim);
      await eventually(() => whole >= 20, 5000);
      r.sim.setFaults({ truncateRate: 0 });
      const sent = whole;
      expectOk(await r.driver.query()); // a whole frame after the last cut one (a GY board also stops streaming)
      // A frame with a checksum is found after a cut one; a text line cut short runs into the next: one no-match for both.
      const recovered = (): number => whole - (t.checksummed ? 0 : r.bad.length);
      await eventually(() => whole > sent && personFrames(r.frames).length >= recovered(), 5000);
      expect(r.frames.every((f) => f.objectC === t.personFrame.objectC)).toBe(true);
      expect(r.bad.length).toBeGreaterThan(0);
      expect(r.driver.counters().discardedBytes).toBeGreaterThan(0);
    });

    it('reassembles frames split into paced pieces', async () => {
      const r = await rig({ chunkSize: 2, chunkGapMs: 1, baudRate: 9600 });
      let reads = 0;
      r.transport.onData(() => (reads += 1));
      for (let i = 0; i < 5; i++) await queryOnce(r);
      expect(personFrames(r.frames)).toHaveLength(5);
      expect(reads).toBeGreaterThan(5);
      expect(r.bad).toEqual([]);
    });

    it('discards the noise the link put before frames, never turning it into a reading, and reads on after it', async () => {
      const r = await rig({ noiseRate: 1, seed: 3 });
      for (let i = 0; i < 10; i++) await queryOnce(r);
      expect(r.driver.counters().discardedBytes).toBeGreaterThan(0);
      expect(r.frames.every((f) => f.objectC === t.personFrame.objectC && f.ambientC === t.personFrame.ambientC)).toBe(true);
      // A frame with a header is found after noise; a text line with noise in front of it no longer matches.
      if (t.checksummed) expect(r.frames).toHaveLength(10);
      r.sim.setFaults({ noiseRate: 0 });
      const before = r.frames.length;
      expectOk(await r.driver.query());
      await eventually(() => r.frames.length > before);
    });

    it('sends nothing while the device stops answering, and frames again once it answers', async () => {
      const r = await rig();
      r.sim.setFaults({ silent: true });
      const before = r.frames.length;
      const queries = r.sim.queriesReceived();
      for (let i = 0; i < 3; i++) expectOk(await r.driver.query());
      await eventually(() => r.sim.queriesReceived() >= queries + 3);
      expect(r.frames.length).toBe(before);
      r.sim.setFaults({ silent: false });
      expectOk(await r.driver.query());
      await eventually(() => r.frames.length > before);
      expect(r.frames.at(-1)).toMatchObject(t.personFrame);
    });

    it('sees an unplug, and a new driver on the same path reads again after a replug', async () => {
      const links = cleanup.add(deviceLinkDir());
      const device = cleanup.add(PluggableDevice.in(links.dir, 'thermometer', (p) => t.open(p, {})));
      for (let plug = 0; plug < 2; plug++) {
        await device.plug();
        device.sim.setScene(t.person);
        const transport = expectOk(await openSerialTransport(device.hostPath, t.baudRate));
        const reasons: (Failure | undefined)[] = [];
        transport.onClose((reason) => reasons.push(reason));
        const driver = t.driver(transport);
        const frames: ThermometerFrame[] = [];
        driver.onFrame((f) => frames.push(f));
        expectOk(await driver.init());
        expectOk(await driver.query());
        await eventually(() => personFrames(frames).length > 0);
        await device.unplug();
        await eventually(() => reasons.length === 1);
        expect(reasons[0]?.code).toBe('serial.disconnected');
        const query = await driver.query();
        expect(query.ok ? 'ok' : query.error.code).toBe('serial.closed');
        await driver.close();
      }
    });

    it('streams only ambient frames, below presence, when nobody stands in front: the selector takes none', async () => {
      const r = await rig();
      r.sim.setScene({ objectC: 24.5, ambientC: 24 });
      const from = r.frames.length;
      await t.stream(r.driver, r.sim);
      await eventually(() => r.frames.length >= from + 10, 5000);
      const ambient = r.frames.slice(from + 1); // the first may answer the person's scene still queued
      expect(ambient.length).toBeGreaterThanOrEqual(9);
      let state = SELECTOR_START;
      for (const frame of ambient) {
        expect(frame.objectC).toBeLessThan(selector.presenceMinC);
        const fed = feedFrame(state, frame, selector);
        expect(fed.reading).toBeUndefined();
        state = fed.state;
      }
    });
  });
}

/** A host path for a simulator that must know it before the pair exists (e.g. to read its line speed). */
export function fixedHostPath(): { readonly path: string; close(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'gate-host-'));
  return { path: join(dir, 'host'), close: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
}
