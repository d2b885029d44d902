/**
 * The body-mode driver and simulator over a real socat pty pair with the real serialport binding: body mode at
 * init, measurements with their basis, calibration replies, every SimLink fault, a module that stops answering,
 * and unplug/replug under the gate's DeviceSupervisor.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceSupervisor } from '../../main/devices/supervisor.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import { encodeMeasurement, TARGETS } from '../../drivers/thermometer/body-mode/codec.js';
import { BodyModeThermometer } from '../../drivers/thermometer/body-mode/driver.js';
import { BODY_MODE_BAUD, BodyModeSimulator, MODULE_FACTOR, type BodyModeSimulatorOptions } from '../../drivers/thermometer/body-mode/simulator.js';
import type { ThermometerDiscarded, ThermometerFrame } from '../../drivers/thermometer/thermometer.js';
import { SELECTOR_START, feedFrame } from '../../src/thermometry/selector.js';
import { deviceLinkDir, PluggableDevice } from '../harness/pluggable-device.js';
import { Cleanup, eventually, expectOk, hex } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

/** Short, so a silent module costs little test time; the driver's default is the source's 1 s. */
const REPLY_TIMEOUT_MS = 300;
const PERSON = { objectC: 34.5, ambientC: 24, bodyC: 36.7 };

async function rig(options: BodyModeSimulatorOptions = {}) {
  const device = cleanup.add(expectOk(await startSimulated((path) => BodyModeSimulator.open(path, options))));
  const transport = expectOk(await openSerialTransport(device.hostPath, BODY_MODE_BAUD));
  const driver = cleanup.add(new BodyModeThermometer(transport, { replyTimeoutMs: REPLY_TIMEOUT_MS }));
  const frames: ThermometerFrame[] = [];
  const bad: ThermometerDiscarded[] = [];
  driver.onFrame((f) => frames.push(f));
  driver.onBadFrame((b) => bad.push(b));
  /** Queries until `n` more frames arrived (a lost reply is asked for again). */
  const measure = async (n = 1): Promise<ThermometerFrame[]> => {
    const from = frames.length;
    await eventually(() => {
      if (frames.length < from + n) void driver.query();
      return frames.length >= from + n;
    }, 5000);
    return frames.slice(from, from + n);
  };
  return { sim: device.sim, driver, transport, frames, bad, measure };
}

/** Asks `times` times, each after the previous one had time to be answered at the line speed (query → reply is ~6 ms). */
async function askRepeatedly(driver: BodyModeThermometer, sim: BodyModeSimulator, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const asked = sim.commandsReceived().length;
    expectOk(await driver.query());
    await eventually(() => sim.commandsReceived().length > asked);
  }
}

describe('body-mode driver and simulator over a socat pty pair', () => {
  it('init sets body mode and checks the OK reply; measurements then carry basis body', async () => {
    const { sim, driver, measure } = await rig();
    sim.setScene(PERSON);
    expect(sim.target()).toBe('surface');
    expectOk(await driver.init());
    expect(sim.target()).toBe('body');
    expect(sim.commandsReceived()).toEqual([0x02]);
    const [frame] = await measure();
    expect(frame).toMatchObject({ objectC: 36.7, ambientC: 24, basis: 'body' });
  });

  it('a module left in surface mode reports the surface, and says so', async () => {
    const { sim, measure } = await rig();
    sim.setScene(PERSON);
    const [frame] = await measure();
    expect(frame).toMatchObject({ objectC: 34.5, ambientC: 24, basis: 'surface' });
  });

  it('in body mode without a scene bodyC the simulated module compensates by its own model', async () => {
    const { sim, driver, measure } = await rig({ startTarget: 'body' });
    sim.setScene({ objectC: 34.5, ambientC: 24 });
    expectOk(await driver.init());
    const [frame] = await measure();
    expect(frame?.objectC).toBe(Math.round((34.5 + (34.5 - 24) * MODULE_FACTOR) * 10) / 10);
  });

  it('init fails with thermometer.refused when the module refuses body mode, and it stays in surface mode', async () => {
    const { sim, driver } = await rig({ setTargetStatus: 0x01 });
    const init = await driver.init();
    expect(init.ok ? 'ok' : init.error.code).toBe('thermometer.refused');
    expect(sim.target()).toBe('surface');
  });

  it('calibration at the low and the high point returns the reply status', async () => {
    const { sim, driver } = await rig({ calibrationStatus: 0x00 });
    expect(expectOk(await driver.calibrate('low')).status).toBe(0);
    expect(expectOk(await driver.calibrate('high')).status).toBe(0);
    expect(sim.commandsReceived()).toEqual([0x03, 0x04]);
    const refused = await rig({ calibrationStatus: 0x07 });
    expect(expectOk(await refused.driver.calibrate('high'))).toEqual({ status: 7, args: hex('07') });
  });

  it('a glitch value (0xFFFF) or one beyond the sensor is a sensor-fault discard, never a frame', async () => {
    const { sim, driver, frames, bad, measure } = await rig();
    await sim.injectRaw(hex('AA A5 08 01 01 FF FF 00 F0 F8 55'));
    await sim.injectRaw(encodeMeasurement({ target: TARGETS.body, targetC: 1037, ambientC: 24 }));
    sim.setScene({ objectC: 6553.5, ambientC: 24 });
    await askRepeatedly(driver, sim, 3);
    await eventually(() => bad.filter((b) => b.reason === 'sensor-fault').length === 5);
    expect(frames).toEqual([]);
    sim.setScene(PERSON);
    expect((await measure())[0]).toMatchObject({ objectC: 34.5 });
    expect(driver.counters()).toMatchObject({ badFrames: 5, discardedBytes: 55 });
  });

  it('checksum errors: every reply dropped and counted, then frames again once the line is clean', async () => {
    const { sim, driver, frames, bad, measure } = await rig();
    sim.setScene(PERSON);
    sim.setFaults({ badChecksumRate: 1 });
    await askRepeatedly(driver, sim, 5);
    await eventually(() => bad.filter((b) => b.reason === 'bad-checksum').length === 5);
    expect(frames).toEqual([]);
    sim.setFaults({ badChecksumRate: 0 });
    expect((await measure())[0]).toMatchObject({ objectC: 34.5, basis: 'surface' });
  });

  it('truncated replies never become frames, and the next whole one does', async () => {
    const { sim, driver, frames, measure } = await rig({ faults: { truncateRate: 1, seed: 3 } });
    sim.setScene(PERSON);
    await askRepeatedly(driver, sim, 5);
    expect(frames).toEqual([]);
    sim.setFaults({ truncateRate: 0 });
    const got = await measure(2);
    expect(got.map((f) => f.objectC)).toEqual([34.5, 34.5]);
  });

  it('reassembles replies the link writes one byte at a time', async () => {
    const { sim, driver, transport, measure } = await rig({ faults: { chunkSize: 1, chunkGapMs: 1 } });
    let reads = 0;
    transport.onData(() => (reads += 1));
    expectOk(await driver.init());
    sim.setScene(PERSON);
    const got = await measure(3);
    expect(got.map((f) => f.objectC)).toEqual([36.7, 36.7, 36.7]);
    expect(reads).toBeGreaterThan(4 * 7);
    expect(driver.counters().badFrames).toBe(0);
  });

  it('noise before every reply is discarded and every reply still arrives', async () => {
    const { sim, driver, frames } = await rig({ faults: { noiseRate: 1, seed: 9 } });
    sim.setScene(PERSON);
    await askRepeatedly(driver, sim, 5);
    await eventually(() => frames.length === 5);
    expect(frames.map((f) => f.objectC)).toEqual([34.5, 34.5, 34.5, 34.5, 34.5]);
    expect(driver.counters().discardedBytes).toBeGreaterThanOrEqual(5);
  });

  it('garbled bytes never make a wrong reading', async () => {
    const { sim, driver, frames, bad } = await rig({ faults: { garbleRate: 1, seed: 11 } });
    sim.setScene(PERSON);
    await askRepeatedly(driver, sim, 20);
    await eventually(() => driver.counters().discardedBytes >= 20 * 11 - frames.length * 11);
    for (const f of frames) expect(f).toMatchObject({ objectC: 34.5, ambientC: 24 });
    expect(bad.length).toBeGreaterThan(0);
  });

  it('a module that stops answering gives no frames, init fails with no-reply, and the driver is not wedged: it all works once answering resumes', async () => {
    const { sim, driver, frames, measure } = await rig();
    sim.setScene(PERSON);
    sim.setFaults({ silent: true });
    const init = await driver.init();
    expect(init.ok ? 'ok' : init.error.code).toBe('thermometer.no-reply');
    await askRepeatedly(driver, sim, 5);
    const calibration = await driver.calibrate('low');
    expect(calibration.ok ? 'ok' : calibration.error.code).toBe('thermometer.no-reply');
    expect(frames).toEqual([]);
    sim.setFaults({ silent: false });
    expectOk(await driver.init());
    expect((await measure())[0]).toMatchObject({ objectC: 36.7, basis: 'body' });
  });

  it('polled with nobody in front, its ambient readings never become a reading of the selector', async () => {
    const { sim, driver, measure } = await rig();
    sim.setScene({ objectC: 24.5, ambientC: 24.5 });
    expectOk(await driver.init());
    const config = { presenceMinC: 30, stableFrames: 2, stableToleranceC: 0.3, offsetC: 0, compensation: { kind: 'none' }, remeasureGapMs: 1000 } as const;
    let state = SELECTOR_START;
    for (const f of await measure(20)) {
      const r = feedFrame(state, f, config);
      state = r.state;
      expect(r.reading).toBeUndefined();
    }
    expect(state.phase).toBe('absent');
  });
});

describe('body-mode module unplugged and plugged in again', () => {
  it('the supervisor sets body mode again on the new link and measurements resume', async () => {
    const links = cleanup.add(deviceLinkDir());
    const device = cleanup.add(PluggableDevice.in(links.dir, 'thermometer', (p) => BodyModeSimulator.open(p)));
    await device.plug();
    device.sim.setScene(PERSON);
    const frames: ThermometerFrame[] = [];
    const supervisor = cleanup.add(
      new DeviceSupervisor<BodyModeThermometer>({
        open: () => openSerialTransport(device.hostPath, BODY_MODE_BAUD),
        driver: (t) => new BodyModeThermometer(t, { replyTimeoutMs: REPLY_TIMEOUT_MS }),
        init: (d) => d.init(),
        backoff: { firstDelayMs: 50, maxDelayMs: 200 },
        log: pino({ level: 'silent' }),
        onChange: () => undefined,
      }),
    );
    supervisor.eachLink((d) => d.onFrame((f) => frames.push(f)));
    await supervisor.start();
    const measured = async (): Promise<ThermometerFrame | undefined> => {
      const from = frames.length;
      await eventually(() => {
        if (frames.length === from) void supervisor.current()?.query();
        return frames.length > from;
      }, 5000);
      return frames.at(-1);
    };
    expect(supervisor.status().state).toBe('ready');
    expect(await measured()).toMatchObject({ objectC: 36.7, basis: 'body' });
    for (let round = 0; round < 3; round++) {
      await device.unplug();
      await eventually(() => supervisor.status().state !== 'ready', 3000);
      expect(supervisor.current()).toBeUndefined();
      await device.plug();
      device.sim.setScene(PERSON);
      await eventually(() => supervisor.status().state === 'ready', 5000);
      expect(device.sim.commandsReceived()[0]).toBe(0x02);
      expect(device.sim.target()).toBe('body');
      expect(await measured()).toMatchObject({ objectC: 36.7, basis: 'body' });
    }
    expect(supervisor.counts().lost).toBe(3);
  });
});
