/** `npm run sim -- gy-mcu90614 [--object C] [--ambient C]`; a line `OBJECT [AMBIENT]` on stdin changes the scene. */
import { z } from 'zod';
import { ok } from '../../../src/result.js';
import { byteTimeMs, decimalOption, simEntry } from '../../sim/entry.js';
import type { Reading } from './codec.js';
import { GyMcu90614Simulator } from './simulator.js';

/** What a frame carries: int16 centi-degrees (codec.ts), above the MLX90614's −70 °C floor. */
const scene = (current: { object: number; ambient: number }) => z.strictObject({ object: decimalOption(-70, 327, current.object), ambient: decimalOption(-70, 327, current.ambient) });
const toReading = ({ object, ambient }: { object: number; ambient: number }): Reading => ({ objectC: object, ambientC: ambient });

export const gyMcu90614Sim = simEntry({
  name: 'gy-mcu90614',
  description: 'GY-MCU90614 IR thermometer module: answers A5 15 BA with one 9-byte frame; A5 45 EA streams at 14 Hz (docs/devices.md §1.2)',
  defaultBaud: 9600,
  options: {
    object: { value: 'C', description: 'object (forehead) temperature, °C, -70 to 327; default 36.5 (stdin: OBJECT [AMBIENT] changes it)' },
    ambient: { value: 'C', description: 'ambient temperature, °C, -70 to 327; default 25' },
  },
  schema: scene({ object: 36.5, ambient: 25 }),
  async start(options, { devicePath, baudRate, onInput, report }) {
    const sim = await GyMcu90614Simulator.open(devicePath, { chunkSize: 1, chunkGapMs: byteTimeMs(baudRate) });
    if (!sim.ok) return sim;
    let current = options;
    sim.value.setScene(toReading(current));
    onInput((line) => {
      const [object, ambient, ...rest] = line.trim().split(/\s+/);
      const next = scene(current).safeParse({ object, ambient });
      if (!next.success || rest.length > 0) return report(`ignored "${line}": type OBJECT [AMBIENT] in °C, each from -70 to 327`);
      current = next.data;
      sim.value.setScene(toReading(current));
      report(`scene: object ${current.object} °C, ambient ${current.ambient} °C`);
    });
    return ok(sim.value);
  },
});
