/** A started gate's simulated lane: the lane, its thermometer simulator and its first reader's. */
import type { Gate } from '../main/gate.js';

export function simulatedLane(gate: Gate, id: string) {
  const lane = gate.lanes.get(id);
  const sims = gate.devices.get(id)?.simulators;
  const reader = sims?.readers[0];
  if (lane === undefined || sims?.thermometer === undefined || reader === undefined) throw new Error(`lane ${id} is not simulated`);
  return { lane, thermometer: sims.thermometer, reader };
}
