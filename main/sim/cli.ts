/**
 * `npm run sim -- <device> [--baud N] [--path LINK] [device options]`: starts one simulator from the catalogue
 * (drivers/sim/catalogue.ts) on the device side of a socat pty pair and prints one line, `<device> <host path>`:
 * the path the gate opens. Then it prints what the device does (one line each), feeds it the lines typed on stdin
 * (a scan, a new reading), and runs until SIGINT or SIGTERM, when it closes the simulator and the pair (socat
 * dies with this process however it ends: drivers/pty/socat-pair.ts). `--list` lists the devices and options.
 * Exit 0 after a signal, 1 when the pair or the simulator cannot start, 2 on a usage error.
 */
import { lstat, realpath } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { failure, type Failure } from '../../src/result.js';
import { fieldFailures } from '../../src/zod-issues.js';
import { SIM_CATALOGUE } from '../../drivers/sim/catalogue.js';
import { commonOptions, type CatalogueEntry, type RawOptions } from '../../drivers/sim/entry.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import { Listeners } from '../../drivers/listeners.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, complain, failWith, print, withUsage } from '../cli/command.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

const usage = [
  '  npm run sim -- <device> [--baud N] [--path LINK] [options]   start one simulator on a socat pty pair; prints "<device> <host path>"',
  '  npm run sim -- --list                                        the devices and their options',
].join('\n');

const COMMON_OPTIONS = {
  baud: { type: 'string' },
  path: { type: 'string' },
} as const satisfies OptionsConfig;

const COMMON_HELP: readonly (readonly [string, string])[] = [
  ['--baud N', 'line speed the simulator paces its bytes to (8N1); default: the device’s own'],
  ['--path LINK', 'put the host side’s link here (an absolute path; replaces a symlink, never a file)'],
];

function listing(): string {
  const rows = SIM_CATALOGUE.map((e) => ({ e, options: Object.entries(e.options).map(([name, spec]) => [`--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`, spec.description] as const) }));
  const width = Math.max(...rows.flatMap((r) => r.options.map(([flag]) => flag.length)), ...COMMON_HELP.map(([flag]) => flag.length));
  const option = ([flag, description]: readonly [string, string]): string => `    ${flag.padEnd(width)}  ${description}`;
  return [...rows.flatMap(({ e, options }) => [`${e.name}: ${e.description}; ${e.defaultBaud} bit/s`, ...options.map(option)]), 'every device:', ...COMMON_HELP.map(option)].join('\n');
}

function optionsOf(entry: CatalogueEntry): OptionsConfig {
  const own = Object.fromEntries(Object.entries(entry.options).map(([name, spec]) => [name, { type: spec.value === undefined ? 'boolean' : 'string' } as const]));
  return { ...own, ...COMMON_OPTIONS };
}

/** The link socat may replace: absent, or a symlink (a pair's earlier link). */
async function refuseTakenPath(path: string): Promise<Failure | undefined> {
  const found = await lstat(path).then(
    (s) => s,
    () => undefined,
  );
  return found === undefined || found.isSymbolicLink() ? undefined : failure('sim.path-taken', `${path} exists and is not a symlink: socat would replace it; choose another --path`, 'path');
}

/** Resolves at the first SIGINT or SIGTERM. */
const stopSignal = (): Promise<NodeJS.Signals> =>
  new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === '--list') {
    print(listing());
    return EXIT_OK;
  }
  const entry = SIM_CATALOGUE.find((e) => e.name === name);
  if (entry === undefined) {
    complain(`${name === undefined ? 'sim.no-device: name a device' : `sim.unknown-device: no simulator "${name}"`}; devices: ${SIM_CATALOGUE.map((e) => e.name).join(', ')}\nusage:\n${usage}`);
    return EXIT_USAGE;
  }
  const { values } = parseArgs({ args: rest, options: optionsOf(entry), strict: true });
  const { baud, path, ...own } = values as RawOptions;
  const common = commonOptions.safeParse({ baud, path });
  const configured = entry.configure(own);
  if (!common.success || !configured.ok) {
    const badCommon = common.success ? [] : fieldFailures('sim.bad-option', common.error).map((f) => ({ ...f, message: `--${f.message}` }));
    return failWith(EXIT_USAGE, [...badCommon, ...(configured.ok ? [] : configured.error)]);
  }
  const hostPath = common.data.path;
  const taken = hostPath === undefined ? undefined : await refuseTakenPath(hostPath);
  if (taken !== undefined) return failWith(EXIT_USAGE, [taken]);

  const stopped = stopSignal();
  const input = new Listeners<[string]>();
  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on('line', (line) => input.emit(line));
  try {
    const sim = await startSimulated(
      (devicePath) => configured.value({ devicePath, baudRate: common.data.baud ?? entry.defaultBaud, onInput: (l) => input.add(l), report: print }),
      hostPath === undefined ? {} : { hostPath },
    );
    if (!sim.ok) return failWith(EXIT_FAILURE, [sim.error]);
    print(`${entry.name} ${sim.value.hostPath}`);
    if (!sim.value.hostPath.startsWith('/dev/')) {
      const pty = await realpath(sim.value.hostPath).catch(() => undefined);
      if (pty !== undefined) complain(`note: config serial paths must be under /dev/: use ${pty} (this pair's pty), or --path /dev/…`);
    }
    await stopped;
    await sim.value.close();
    return EXIT_OK;
  } finally {
    lines.close();
    process.stdin.destroy();
  }
}

process.exitCode = await withUsage(usage, () => run(process.argv.slice(2)));
