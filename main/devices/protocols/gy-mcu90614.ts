/**
 * The GY-MCU90614 (docs/devices.md §1.2) as a protocol descriptor: thin adapters from the existing driver and
 * simulator classes (drivers/thermometer/gy-mcu90614/) to the thermometer contracts. Its frames are the
 * sensor's object temperature, so their basis is `surface`.
 */
import type { z } from 'zod';
import type { gyMcu90614Config } from '../../../src/config/thermometer.js';
import { configuredBaudRate } from '../../../src/config/device-ref.js';
import { ok } from '../../../src/result.js';
import type { ThermometerDriver, ThermometerSimulator } from '../../../drivers/thermometer/thermometer.js';
import { encodeFrame } from '../../../drivers/thermometer/gy-mcu90614/codec.js';
import { GyMcu90614 } from '../../../drivers/thermometer/gy-mcu90614/driver.js';
import { Gy90614Parser } from '../../../drivers/thermometer/gy-mcu90614/parser.js';
import { GyMcu90614Simulator } from '../../../drivers/thermometer/gy-mcu90614/simulator.js';
import type { ThermometerProtocol } from '../protocol.js';
import { BENCH_STREAM_BYTES } from './bench-stream.js';

type Config = z.output<typeof gyMcu90614Config>;

function driverOf(d: GyMcu90614): ThermometerDriver {
  return {
    // A module set to stream at power-on is put back into query mode (which also asks for one frame).
    init: () => d.setContinuous(false),
    query: () => d.query(),
    onFrame: (listener) => d.onFrame((f) => listener({ objectC: f.objectC, ambientC: f.ambientC, basis: 'surface', at: f.at })),
    onBadFrame: (listener) => d.onBadFrame(listener),
    counters: () => d.counters(),
    close: () => d.close(),
  };
}

function simulatorOf(sim: GyMcu90614Simulator): ThermometerSimulator {
  return {
    // The module reports what it sees; it has no body mode, so `bodyC` does not apply.
    setScene: ({ objectC, ambientC }) => sim.setScene({ objectC, ambientC }),
    injectRaw: (bytes) => sim.injectRaw(bytes),
    onFrameWritten: (listener) => sim.onFrameWritten(listener),
    close: () => sim.close(),
  };
}

/** Frames of varying readings with a burst of noise (no 0x5A) after every 50th frame. */
function benchStream(): Uint8Array {
  const out = new Uint8Array(BENCH_STREAM_BYTES);
  let at = 0;
  for (let i = 0; at + 9 + 7 <= out.length; i++) {
    out.set(encodeFrame({ objectC: 30 + (i % 800) / 100, ambientC: 20 + (i % 500) / 100 }), at);
    at += 9;
    if (i % 50 === 49) at += 7; // zeros: noise the parser must skip
  }
  return out.subarray(0, at);
}

export const gyMcu90614Protocol: ThermometerProtocol<Config> = {
  role: 'thermometer',
  protocol: 'gy-mcu90614',
  baudRates: (config) => [configuredBaudRate(config.device)],
  driver: (transport, _config, clock) => driverOf(new GyMcu90614(transport, clock)),
  simulator: async (devicePath) => {
    const sim = await GyMcu90614Simulator.open(devicePath);
    return sim.ok ? ok(simulatorOf(sim.value)) : sim;
  },
  bench: { parser: () => new Gy90614Parser(), stream: benchStream },
};
