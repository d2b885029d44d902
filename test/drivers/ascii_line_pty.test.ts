import { afterEach, describe, expect, it } from 'vitest';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import { AsciiLineSimulator } from '../../drivers/thermometer/ascii-line/simulator.js';
import type { ThermometerFrame } from '../../drivers/thermometer/thermometer.js';
import { asciiLineProtocol } from '../../main/devices/protocols/ascii-line.js';
import { monotonicNow } from '../../drivers/monotonic.js';
import { asciiLineConfig } from '../../src/config/thermometers/ascii-line.js';
import { Cleanup, eventually, expectOk } from './support.js';
import { thermometerPtySuite } from './thermometer_suite.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

/** An example device (docs/devices/ascii-line.md §6): asked with `MEAS?`, prints °F, object and ambient. */
const QUERIED = asciiLineConfig.parse({
  protocol: 'ascii-line',
  device: { kind: 'simulated' },
  pattern: String.raw`^OBJ:(?<object>\d+\.\d+)F,AMB:(?<ambient>\d+\.\d+)F$`,
  unit: 'F',
  query: 'MEAS?\r\n',
  simulatedFormat: 'OBJ:{object}F,AMB:{ambient}F',
});

thermometerPtySuite({
  name: 'ascii-line (queried, °F)',
  open: (path, faults) => AsciiLineSimulator.open(path, { format: QUERIED.simulatedFormat, unit: QUERIED.unit, terminator: QUERIED.terminator, query: QUERIED.query, ...faults }),
  baudRate: 9600,
  driver: (transport) => asciiLineProtocol.driver(transport, QUERIED, monotonicNow),
  stream: (_driver, sim) => {
    sim.setStreaming(true);
    return Promise.resolve();
  },
  person: { objectC: 34.8, ambientC: 24.5 },
  personFrame: { objectC: 34.8, ambientC: 24.5, basis: 'surface' },
  initFrames: 0,
  checksummed: false,
});

describe('ascii-line streaming device over a socat pty pair', () => {
  async function rig(overrides: Record<string, unknown>) {
    const config = asciiLineConfig.parse({ protocol: 'ascii-line', device: { kind: 'simulated' }, ...overrides });
    const device = cleanup.add(expectOk(await startSimulated((p) => asciiLineProtocol.simulator(p, config))));
    const driver = cleanup.add(asciiLineProtocol.driver(expectOk(await openSerialTransport(device.hostPath, 9600)), config, monotonicNow));
    const frames: ThermometerFrame[] = [];
    driver.onFrame((f) => frames.push(f));
    expectOk(await driver.init());
    return { sim: device.sim, driver, frames };
  }

  it('prints readings unasked, a query sends nothing, and with nobody in front every frame stays below presence', async () => {
    const { driver, frames } = await rig({});
    expectOk(await driver.query());
    await eventually(() => frames.length >= 5);
    const presenceMinC = asciiLineConfig.parse({ protocol: 'ascii-line', device: { kind: 'simulated' } }).presenceMinC;
    expect(frames.every((f) => f.objectC === 24 && f.ambientC === 24 && f.objectC < presenceMinC)).toBe(true);
  });

  it('reports a device that prints body temperature as basis body, from the scene’s bodyC', async () => {
    const { sim, frames } = await rig({ basis: 'body' });
    sim.setScene({ objectC: 34.1, ambientC: 22, bodyC: 36.9 });
    await eventually(() => frames.some((f) => f.objectC === 36.9));
    expect(frames.find((f) => f.objectC === 36.9)).toMatchObject({ objectC: 36.9, ambientC: 22, basis: 'body' });
  });
});
