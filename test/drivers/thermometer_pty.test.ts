import { afterEach, describe, expect, it } from 'vitest';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import { GyMcu90614, type ThermometerFrame } from '../../drivers/thermometer/gy-mcu90614/driver.js';
import { encodeFrame } from '../../drivers/thermometer/gy-mcu90614/codec.js';
import { GyMcu90614Simulator, type GyMcu90614SimulatorOptions } from '../../drivers/thermometer/gy-mcu90614/simulator.js';
import { GY_MODELS } from './gy_models.js';
import { Cleanup, concatBytes, eventually, expectOk, hex } from './support.js';
import { thermometerPtySuite } from './thermometer_suite.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

/** Simulator on the device side of a socat pair, driver on the host side, both through real serialport. */
async function rig(options: GyMcu90614SimulatorOptions = {}) {
  const device = cleanup.add(expectOk(await startSimulated((path) => GyMcu90614Simulator.open(path, options))));
  const transport = expectOk(await openSerialTransport(device.hostPath, 9600));
  const driver = cleanup.add(new GyMcu90614(transport));
  const frames: ThermometerFrame[] = [];
  driver.onFrame((f) => frames.push(f));
  return { sim: device.sim, driver, transport, frames };
}

describe('GY-MCU90614 driver and simulator over a socat pty pair', () => {
  it('answers a query with one frame of the current scene', async () => {
    const { sim, driver, frames } = await rig();
    sim.setScene({ objectC: 36.5, ambientC: 25 });
    expectOk(await driver.query());
    await eventually(() => frames.length === 1);
    expect(frames[0]).toMatchObject({ objectC: 36.5, ambientC: 25 });
    expect(sim.queriesReceived()).toBe(1);
    expect(driver.counters()).toEqual({ frames: 1, badFrames: 0, discardedBytes: 0 });
  });

  it('streams at about 14 Hz in continuous mode and stops after returning to query mode', async () => {
    const { driver, frames } = await rig();
    expectOk(await driver.setContinuous(true));
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(frames.length).toBeGreaterThanOrEqual(6); // 14 Hz × 0.7 s ≈ 10, with slack for a busy machine
    expect(frames.length).toBeLessThanOrEqual(12);
    expectOk(await driver.setContinuous(false));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const settled = frames.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(frames.length).toBe(settled);
  });

  it('counts garbled bytes without crashing and still delivers the next good frame', async () => {
    const { sim, driver, frames } = await rig();
    const bad: string[] = [];
    driver.onBadFrame((b) => bad.push(b.reason));
    const corrupt = encodeFrame({ objectC: 36.6, ambientC: 24 });
    corrupt[5] = (corrupt[5] ?? 0) ^ 0x10;
    await sim.injectRaw(concatBytes([hex('00 FF 13 37'), corrupt]));
    sim.setScene({ objectC: 36.7, ambientC: 24 });
    expectOk(await driver.query());
    await eventually(() => frames.length === 1);
    expect(frames[0]).toMatchObject({ objectC: 36.7, ambientC: 24 });
    expect(driver.counters()).toMatchObject({ frames: 1, discardedBytes: 13 });
    expect(driver.counters().badFrames).toBeGreaterThanOrEqual(2);
    expect(bad).toContain('bad-checksum');
  });

  it('reassembles frames the simulator writes one byte at a time', async () => {
    const { sim, driver, transport, frames } = await rig({ chunkSize: 1, chunkGapMs: 1 });
    let reads = 0;
    transport.onData(() => (reads += 1));
    for (let i = 0; i < 5; i++) {
      sim.setScene({ objectC: 30 + i, ambientC: 20 });
      expectOk(await driver.query());
      await eventually(() => frames.length === i + 1);
    }
    expect(frames.map((f) => f.objectC)).toEqual([30, 31, 32, 33, 34]);
    expect(reads).toBeGreaterThan(5);
    expect(driver.counters().badFrames).toBe(0);
  });

  it('simulator skips garbage commands and still obeys the next valid one', async () => {
    const { sim, driver, transport, frames } = await rig();
    expectOk(await transport.write(hex('A5 A5 15 00 13 A5 15')));
    expectOk(await driver.query());
    await eventually(() => frames.length === 1);
    expect(sim.queriesReceived()).toBe(1);
  });

  it('reports each frame written with the bytes and a timestamp', async () => {
    const { sim, driver, frames } = await rig();
    const written: Uint8Array[] = [];
    sim.onFrameWritten((bytes) => written.push(bytes));
    sim.setScene({ objectC: 31.92, ambientC: 33.53 });
    expectOk(await driver.query());
    await eventually(() => frames.length === 1 && written.length === 1);
    expect(Array.from(written[0] ?? [])).toEqual(Array.from(hex('5A 5A 45 04 0C 78 0D 19 A7')));
  });
});

describe.each(GY_MODELS)('$protocol on the shared thermometer pty suite', (model) => {
  thermometerPtySuite({
    name: model.protocol,
    open: (path, faults) => GyMcu90614Simulator.open(path, { ...faults, model }),
    baudRate: model.baudRates[0],
    driver: (transport) => new GyMcu90614(transport, undefined, model),
    stream: async (driver) => {
      expectOk(await (driver as GyMcu90614).setContinuous(true));
    },
    person: { objectC: 34.8, ambientC: 24.5 },
    personFrame: { objectC: 34.8, ambientC: 24.5, basis: 'surface' },
    initFrames: 1,
    checksummed: true,
  });
});
