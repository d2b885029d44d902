import type { Gate } from '../gate.js';
import { logger } from '../log.js';
import { DemoDriver } from './driver.js';
import { demoResidentIds, registerDemoResidents } from './residents.js';

/**
 * Starts a demo driver on every lane whose thermometer and first reader are simulated (any protocol), once the gate is in
 * service (an out-of-service gate has no lane to take visitors yet), after putting the demo residents on
 * the residents register (residents.ts): every other demo visitor is one of them.
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
  const log = logger('gate:demo');
  const keys = gate.keys();
  const residents = keys === undefined ? { ok: false as const, error: [] } : registerDemoResidents(gate.journalFile, keys, Date.now());
  if (residents.ok) log.info({ residents: residents.value.rows }, 'demo residents on the residents register');
  else log.error({ errors: residents.error.map((f) => f.message) }, 'demo residents not registered: every demo visitor is a non-resident');
  for (const lane of gate.config.lanes) {
    const sims = gate.devices.get(lane.id)?.simulators;
    const target = gate.lanes.get(lane.id);
    const reader = sims?.readers[0];
    if (sims?.thermometer === undefined || reader === undefined || target === undefined) continue;
    const d = new DemoDriver(target, { thermometer: sims.thermometer, reader }, {
      offsetC: lane.thermometer.offsetC,
      intervalMs: gate.config.demo.intervalMs,
      residentIds: demoResidentIds(),
      log: logger(`gate:demo:${lane.id}`),
    });
    d.start();
    drivers.push(d);
  }
}
