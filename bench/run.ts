/**
 * `npm run bench [-- group…]`: one JSON line per figure on stdout (docs/benchmarks.md);
 * progress goes to stderr. Groups: engine, journal, device, gate, host; `mutation` and `soak` take minutes
 * and run only when named, as do `qr` (a few minutes: corpus, synthetic codes, Chromium) and `uplink` (a few
 * minutes: 100,000-record drains, a gate's decisions while draining). Options: `--corpus DIR` (qr).
 */
import { printFigure, type Emit } from './figure.js';

/** `options`: the command line's `--name value` pairs (e.g. `qr --corpus DIR`). */
type Group = () => Promise<{ run(emit: Emit, options: Readonly<Record<string, string>>): Promise<void> }>;

const groups: Readonly<Record<string, Group>> = {
  engine: () => import('./engine.js'),
  journal: () => import('./journal.js'),
  device: () => import('./device.js'),
  gate: () => import('./gate.js'),
  host: () => import('./host.js'),
  mutation: () => import('./mutation.js'),
  soak: () => import('./soak.js'),
  qr: () => import('./qr.js'),
  uplink: () => import('./uplink.js'),
};
/** Groups that take minutes, run only when named. */
const onlyWhenNamed: ReadonlySet<string> = new Set(['mutation', 'soak', 'qr', 'uplink']);

// Groups import the gate lazily, so its logger (stderr) is quiet here unless asked for.
process.env['GATE_LOG_LEVEL'] ??= 'warn';

const args = process.argv.slice(2);
const options: Record<string, string> = {};
const wanted: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? '';
  if (!arg.startsWith('--')) wanted.push(arg);
  else if (args[i + 1] === undefined) {
    console.error(`${arg} needs a value`);
    process.exit(2);
  } else options[arg.slice(2)] = args[++i] ?? '';
}
const unknown = wanted.filter((g) => !(g in groups));
if (unknown.length > 0) {
  console.error(`unknown bench group(s): ${unknown.join(', ')}; known: ${Object.keys(groups).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(groups).filter((g) => !onlyWhenNamed.has(g))) {
  console.error(`bench: ${name}`);
  const group = groups[name];
  if (group !== undefined) await (await group()).run(printFigure, options);
}
process.exit(0);
