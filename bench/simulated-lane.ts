/** The lane the gate benches drive on a started headless gate: its thermometer and first reader simulated. */
import type { ThermometerSimulator } from '../drivers/thermometer/thermometer.js';
import type { SimulatedReader } from '../main/devices.js';
import type { Gate } from '../main/gate.js';
import type { Lane } from '../main/lane/lane.js';

export interface SimulatedLane {
  readonly lane: Lane;
  readonly thermometer: ThermometerSimulator;
  /** The lane's first reader. */
  readonly reader: SimulatedReader;
}

/** Lane `id` of `gate` with its simulators; throws when the bench's config did not simulate them. */
export function simulatedLane(gate: Gate, id: string): SimulatedLane {
  const lane = gate.lanes.get(id);
  const sims = gate.devices.get(id)?.simulators;
  const reader = sims?.readers[0];
  if (lane === undefined || sims?.thermometer === undefined || reader === undefined) throw new Error(`bench lane ${id} not simulated`);
  return { lane, thermometer: sims.thermometer, reader };
}
