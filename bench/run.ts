/**
 * `npm run bench [-- group…]`: one JSON line per figure on stdout (docs/benchmarks.md);
 * progress goes to stderr. Groups: engine, journal, device, gate, host; `mutation` and `soak` take minutes
 * and run only when named.
 */
import { printFigure, type Emit } from './figure.js';

type Group = () => Promise<{ run(emit: Emit): Promise<void> }>;

const groups: Readonly<Record<string, Group>> = {
  engine: () => import('./engine.js'),
  journal: () => import('./journal.js'),
  device: () => import('./device.js'),
  gate: () => import('./gate.js'),
  host: () => import('./host.js'),
  mutation: () => import('./mutation.js'),
  soak: () => import('./soak.js'),
};
/** Groups that take minutes, run only when named. */
const onlyWhenNamed: ReadonlySet<string> = new Set(['mutation', 'soak']);

// Groups import the gate lazily, so its logger (stderr) is quiet here unless asked for.
process.env['GATE_LOG_LEVEL'] ??= 'warn';

const wanted = process.argv.slice(2);
const unknown = wanted.filter((g) => !(g in groups));
if (unknown.length > 0) {
  console.error(`unknown bench group(s): ${unknown.join(', ')}; known: ${Object.keys(groups).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(groups).filter((g) => !onlyWhenNamed.has(g))) {
  console.error(`bench: ${name}`);
  const group = groups[name];
  if (group !== undefined) await (await group()).run(printFigure);
}
process.exit(0);
