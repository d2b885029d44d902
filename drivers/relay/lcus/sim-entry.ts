/** `npm run sim -- lcus`: an LCUS relay board that prints every command it receives. */
import { z } from 'zod';
import { ok } from '../../../src/result.js';
import { simEntry } from '../../sim/entry.js';
import { LcusRelaySimulator } from './simulator.js';

export const lcusRelaySim = simEntry({
  name: 'lcus',
  description: 'LCUS-1/2/4/8 USB relay board: prints each A0 <channel> <op> <sum> command it receives (docs/devices.md §5.1)',
  defaultBaud: 9600,
  options: {},
  schema: z.strictObject({}),
  async start(_options, { devicePath, report }) {
    const sim = await LcusRelaySimulator.open(devicePath);
    if (!sim.ok) return sim;
    sim.value.onCommand(({ channel, on }) => report(`relay: channel ${channel} ${on ? 'on' : 'off'}`));
    return ok(sim.value);
  },
});
