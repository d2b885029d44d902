/**
 * The devices `npm run sim -- <device>` can start (main/sim/cli.ts), in the order `--list` shows them. Each
 * entry lives beside its simulator (`drivers/<role>/<model>/sim-entry.ts`, shape in ./entry.ts); to add one,
 * import it here and append it (docs/recipes.md, "A simulator in npm run sim").
 */
import { lcusRelaySim } from '../relay/lcus/sim-entry.js';
import { lineScannerSim } from '../scanner/line/sim-entry.js';
import { gyMcu90614Sim } from '../thermometer/gy-mcu90614/sim-entry.js';
import type { CatalogueEntry } from './entry.js';

export const SIM_CATALOGUE: readonly CatalogueEntry[] = [
  gyMcu90614Sim,
  lineScannerSim,
  lcusRelaySim,
];
