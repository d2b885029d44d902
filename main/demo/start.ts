import type { Gate } from '../gate.js';
import { logger } from '../log.js';
import { DemoDriver } from './driver.js';

/**
 * Starts a demo driver on every lane whose thermometer and scanner are simulated, once the gate is in
 * service (an out-of-service gate has no lane to take visitors yet).
 */
export function startDemo(gate: Gate): { stop(): Promise<void> } {
  const drivers: DemoDriver[] = [];
  let stopped = false;
  void gate.whenInService().then(() => {
    if (!stopped) startDrivers(gate, drivers);
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(drivers.map((d) => d.stop()));
    },
  };
}

function startDrivers(gate: Gate, drivers: DemoDriver[]): void {
  for (const lane of gate.config.lanes) {
    const sims = gate.devices.get(lane.id)?.simulators;
    const target = gate.lanes.get(lane.id);
    if (sims?.thermometer === undefined || sims.scanner === undefined || target === undefined) continue;
    const d = new DemoDriver(target, { thermometer: sims.thermometer, scanner: sims.scanner }, {
      offsetC: lane.thermometer.offsetC,
      intervalMs: gate.config.demo.intervalMs,
      log: logger(`gate:demo:${lane.id}`),
    });
    d.start();
    drivers.push(d);
  }
}
