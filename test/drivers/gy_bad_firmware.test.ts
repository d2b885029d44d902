import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import { roundedIntoNormal } from '../../drivers/thermometer/bad-firmware.js';
import { GyMcu90614 } from '../../drivers/thermometer/gy-mcu90614/driver.js';
import { GyMcu90614Simulator } from '../../drivers/thermometer/gy-mcu90614/simulator.js';
import type { ThermometerFrame } from '../../drivers/thermometer/thermometer.js';
import { feedFrame, SELECTOR_START, type SelectorConfig } from '../../src/thermometry/selector.js';
import { Cleanup, eventually, expectOk } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

const NORMAL_LOOKING = [36, 36.1, 36.2, 36.3];
/** The demo config's calibration (+1.0 °C, resources/config/default.json) and the selector's defaults. */
const SELECTOR: SelectorConfig = { presenceMinC: 30, stableFrames: 2, stableToleranceC: 0.3, offsetC: 1, compensation: { kind: 'none' }, remeasureGapMs: 1000 };
/** The demo policy's fever threshold (resources/policy/demo.json). */
const THRESHOLD_C = 37.3;

describe('the "bad firmware" fixture (roundedIntoNormal)', () => {
  it('replaces 35–36 °C with one of 36.0…36.3, adds 0.3 above 36 up to 36.3, leaves the rest (property, 10000 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3000, max: 4300 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (centi, draw) => {
        const celsius = centi / 100;
        const reported = roundedIntoNormal(celsius, () => draw);
        if (celsius >= 35 && celsius <= 36) expect(NORMAL_LOOKING).toContain(reported);
        else if (celsius > 36 && celsius <= 36.3) expect(reported).toBeCloseTo(celsius + 0.3, 10);
        else expect(reported).toBe(celsius);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('what the gate makes of a GY board with bad firmware, over a pty', () => {
  async function measure(badFirmware: boolean, surfaceC: number) {
    const device = cleanup.add(expectOk(await startSimulated((p) => GyMcu90614Simulator.open(p, { badFirmware, seed: 42 }))));
    const driver = cleanup.add(new GyMcu90614(expectOk(await openSerialTransport(device.hostPath, 9600))));
    const frames: ThermometerFrame[] = [];
    driver.onFrame((f) => frames.push(f));
    device.sim.setScene({ objectC: surfaceC, ambientC: 24 });
    for (let i = 0; i < SELECTOR.stableFrames; i++) {
      expectOk(await driver.query());
      await eventually(() => frames.length === i + 1);
    }
    let state = SELECTOR_START;
    let bodyC: number | undefined;
    for (const frame of frames) {
      const fed = feedFrame(state, frame, SELECTOR);
      state = fed.state;
      bodyC = fed.reading?.bodyC ?? bodyC;
    }
    return { reported: frames.map((f) => f.objectC), bodyC, badFrames: driver.counters().badFrames };
  }

  it('reports a surface of 35.5 °C as 36.0…36.3 °C: well-formed frames, taken as a reading, nothing on the wire tells', async () => {
    const faithful = await measure(false, 35.5);
    const rounded = await measure(true, 35.5);
    expect(faithful.reported).toEqual([35.5, 35.5]);
    expect(faithful.bodyC).toBeCloseTo(36.5, 10);
    for (const c of rounded.reported) expect(NORMAL_LOOKING).toContain(c);
    expect(rounded.badFrames).toBe(0);
    // The selector takes them like any other: the recorded reading is the firmware's, 0.5…0.8 °C above what was seen.
    expect(rounded.bodyC).toBeGreaterThanOrEqual(37);
    expect(rounded.bodyC).toBeLessThanOrEqual(37.3 + 1e-9);
  });

  it('moves a surface of 36.1 °C, below the threshold after the demo calibration, to 36.4 °C, a fever after it', async () => {
    const faithful = await measure(false, 36.1);
    const rounded = await measure(true, 36.1);
    expect(faithful.bodyC).toBeCloseTo(37.1, 10);
    expect(faithful.bodyC ?? 99).toBeLessThan(THRESHOLD_C);
    expect(rounded.reported).toEqual([36.4, 36.4]);
    expect(rounded.bodyC).toBeCloseTo(37.4, 10);
    expect(rounded.bodyC ?? 0).toBeGreaterThanOrEqual(THRESHOLD_C);
  });

  it('leaves a feverish surface of 37.0 °C and a low 34.8 °C as they are', async () => {
    expect((await measure(true, 37)).reported).toEqual([37, 37]);
    expect((await measure(true, 34.8)).reported).toEqual([34.8, 34.8]);
  });
});
