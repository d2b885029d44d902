/**
 * `npm run sim -- <device> [options]`: starts one simulator from the catalogue (main/sim/catalogue.ts) on the
 * device side of a socat pty pair and prints one line, `<device> <host path>`: the path the gate opens (by
 * default a link in a fresh folder under /dev/shm, so a config can name it and it stays the same across
 * `:unplug`/`:replug`). Then it prints what the device does (one line each), feeds it the lines typed on stdin
 * (a reading, a person; `:` commands, main/sim/stdin-commands.ts, for every device), and runs until SIGINT or
 * SIGTERM, when it closes the simulator and the pair (socat dies with this process however it ends:
 * drivers/pty/socat-pair.ts) and removes its folder. `--list` lists the devices, options and commands.
 * Exit 0 after a signal, 1 when the pair or the simulator cannot start, 2 on a usage error.
 */
import { lstat, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { failure, type Failure } from '../../src/result.js';
import { fieldFailures } from '../../src/zod-issues.js';
import type { CatalogueEntry, PluggedSim, SimDevice } from '../../drivers/sim/entry.js';
import type { LinkFaults } from '../../drivers/sim/sim-link.js';
import { startSimulated, type SimulatedDevice } from '../../drivers/sim/simulated-device.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, complain, failWith, print, withUsage } from '../cli/command.js';
import { SIM_CATALOGUE } from './catalogue.js';
import { COMMON_HELP, COMMON_OPTIONS, commonOptions } from './options.js';
import { COMMAND_HELP, parseCommand, type SimCommand } from './stdin-commands.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

const usage = [
  '  npm run sim -- <device> [options]   start one simulator on a socat pty pair; prints "<device> <host path>"',
  '  npm run sim -- --list               the devices, their options and the stdin commands',
].join('\n');

function listing(): string {
  const rows = SIM_CATALOGUE.map((e) => ({ e, options: Object.entries(e.options).map(([name, spec]) => [`--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`, spec.description] as const) }));
  const width = Math.max(...rows.flatMap((r) => r.options.map(([flag]) => flag.length)), ...[...COMMON_HELP, ...COMMAND_HELP].map(([flag]) => flag.length));
  const line = ([flag, description]: readonly [string, string]): string => `    ${flag.padEnd(width)}  ${description}`;
  return [
    ...rows.flatMap(({ e, options }) => [`${e.name} (${e.defaultBaud} bit/s): ${e.description}`, ...options.map(line), line(['stdin', e.stdin])]),
    'every device:',
    ...COMMON_HELP.map(line),
    'stdin commands, every device:',
    ...COMMAND_HELP.map(line),
  ].join('\n');
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

/** A fresh folder for the default host link: under /dev/shm (a path under /dev/, as a config needs), else the temp folder. */
const linkFolder = (): Promise<string> => mkdtemp('/dev/shm/gate-sim-').catch(() => mkdtemp(join(tmpdir(), 'gate-sim-')));

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

/** The device on its host path, plugged in or not, and the faults it keeps across plugs. */
class DeviceAtPath {
  #plugged: SimulatedDevice<PluggedSim> | undefined;
  #faults: LinkFaults;

  constructor(
    readonly name: string,
    readonly hostPath: string,
    private readonly device: SimDevice,
    private readonly seed: number,
    faults: LinkFaults,
  ) {
    this.#faults = faults;
  }

  async plug(): Promise<Failure | undefined> {
    const started = await startSimulated((devicePath) => this.device.plug({ devicePath, hostPath: this.hostPath, seed: this.seed, report: print }), { hostPath: this.hostPath });
    if (!started.ok) return started.error;
    this.#plugged = started.value;
    started.value.sim.link?.setFaults(this.#faults);
    return undefined;
  }

  async unplug(): Promise<void> {
    const plugged = this.#plugged;
    this.#plugged = undefined;
    await plugged?.close();
  }

  /** Carries out one stdin line; resolves to what to report. */
  async input(line: string): Promise<string> {
    const command = parseCommand(line);
    if (command === undefined) return this.device.input(line);
    if (!command.ok) return `ignored "${line}": ${command.error.code}: ${command.error.message}`;
    return this.#obey(line, command.value);
  }

  async #obey(line: string, command: SimCommand): Promise<string> {
    switch (command.kind) {
      case 'unplug':
        if (this.#plugged === undefined) return `ignored "${line}": unplugged already`;
        await this.unplug();
        return `unplugged ${this.hostPath}`;
      case 'replug': {
        if (this.#plugged !== undefined) return `ignored "${line}": plugged in already`;
        const refused = await this.plug();
        return refused === undefined ? `plugged in ${this.hostPath}` : `replug failed: ${refused.code}: ${refused.message}`;
      }
      case 'faults':
      case 'raw': {
        const plugged = this.#plugged;
        if (plugged === undefined) return `ignored "${line}": unplugged`;
        const link = plugged.sim.link;
        if (link === undefined) return `ignored "${line}": ${this.name} never sends, so link faults and raw bytes do not apply`;
        if (command.kind === 'raw') {
          await link.injectRaw(command.bytes);
          return `wrote ${command.bytes.length} raw byte(s)`;
        }
        this.#faults = { ...this.#faults, ...command.faults };
        link.setFaults(command.faults);
        return `faults: ${JSON.stringify(this.#faults)}`;
      }
    }
  }
}

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
  const common = commonOptions.safeParse(Object.fromEntries(Object.keys(COMMON_OPTIONS).map((k) => [k, values[k]])));
  // parseArgs gives arrays only for `multiple` options, which none is.
  const configured = entry.configure(Object.fromEntries(Object.keys(entry.options).map((k) => [k, values[k] as string | boolean | undefined])));
  if (!common.success || !configured.ok) {
    const badCommon = common.success ? [] : fieldFailures('sim.bad-option', common.error).map((f) => ({ ...f, message: `--${f.message}` }));
    return failWith(EXIT_USAGE, [...badCommon, ...(configured.ok ? [] : configured.error)]);
  }
  const settings = common.data;
  const taken = settings.path === undefined ? undefined : await refuseTakenPath(settings.path);
  if (taken !== undefined) return failWith(EXIT_USAGE, [taken]);

  const stopped = stopSignal();
  const folder = settings.path === undefined ? await linkFolder() : undefined;
  const at = new DeviceAtPath(entry.name, settings.path ?? join(folder ?? '', entry.name), configured.value, settings.seed, { baudRate: settings.baud ?? entry.defaultBaud, ...settings.faults });
  let inputs = Promise.resolve();
  let lines: Interface | undefined;
  try {
    const refused = await at.plug();
    if (refused !== undefined) return failWith(EXIT_FAILURE, [refused]);
    print(`${entry.name} ${at.hostPath}`);
    // Read after the path line, one line at a time, in order: `:unplug` then `:replug` typed together must not overlap.
    lines = createInterface({ input: process.stdin, terminal: false });
    lines.on('line', (line) => {
      inputs = inputs.then(async () => print(await at.input(line)));
    });
    if (!at.hostPath.startsWith('/dev/')) {
      const pty = await realpath(at.hostPath).catch(() => undefined);
      if (pty !== undefined) complain(`note: config serial paths must be under /dev/: use ${pty} (this pair's pty), or --path /dev/…`);
    }
    await stopped;
    return EXIT_OK;
  } finally {
    lines?.close();
    process.stdin.destroy();
    await inputs;
    await at.unplug();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  }
}

process.exitCode = await withUsage(usage, () => run(process.argv.slice(2)));
