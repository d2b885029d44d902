/** `npm run sim -- line [--terminator cr|crlf|lf]`: every line typed on stdin is sent as one scan. */
import { z } from 'zod';
import { ok } from '../../../src/result.js';
import { byteTimeMs, simEntry } from '../../sim/entry.js';
import { LineScannerSimulator } from './simulator.js';

const TERMINATORS = { cr: '\r', crlf: '\r\n', lf: '\n' } as const;

export const lineScannerSim = simEntry({
  name: 'line',
  description: 'a scanner in serial emulation: sends each line typed on stdin as one scan, text + CR (docs/devices.md §2.4)',
  defaultBaud: 9600,
  options: {
    terminator: { value: 'cr|crlf|lf', description: 'what ends each scan; default cr' },
  },
  schema: z.strictObject({ terminator: z.enum(['cr', 'crlf', 'lf']).default('cr') }),
  async start({ terminator }, { devicePath, baudRate, onInput, report }) {
    const sim = await LineScannerSimulator.open(devicePath);
    if (!sim.ok) return sim;
    onInput((line) => {
      void sim.value.scan(line, { terminator: TERMINATORS[terminator], interByteMs: byteTimeMs(baudRate) }).then(() => report(`scanned ${JSON.stringify(line)}`));
    });
    return ok(sim.value);
  },
});
