/**
 * `npm run sim -- <device>` as a technician runs it: the compiled CLI (out/main/sim/cli.js) in a child process,
 * its printed host path opened with the gate's own serialport transport, real bytes both ways, then a signal,
 * after which neither it nor its socat may be left.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIM_CATALOGUE } from '../../drivers/sim/catalogue.js';
import { commonOptions } from '../../drivers/sim/entry.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import type { ByteTransport } from '../../drivers/transport.js';
import { decodeFrame } from '../../drivers/thermometer/gy-mcu90614/codec.js';
import { APP_ROOT } from '../../main/resources.js';
import { Cleanup, eventually, expectOk, hex, pidsMentioning, toHex } from '../drivers/support.js';

const SIM_CLI = join(APP_ROOT, 'out', 'main', 'sim', 'cli.js');

interface RunningSimCli {
  readonly child: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: string[];
  stderr(): string;
  /** The `<device> <host path>` line's path. */
  hostPath(): Promise<string>;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
const cleanup = new Cleanup();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-sim-cli-'));
});
afterEach(async () => {
  await cleanup.closeAll();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startSim(args: readonly string[]): RunningSimCli {
  const child = spawn(process.execPath, [SIM_CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const device = args[0] ?? '';
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    hostPath: async () => {
      await eventually(() => lines.length > 0 || child.exitCode !== null, 10_000);
      const first = lines[0] ?? `(nothing printed; stderr: ${stderr})`;
      expect(first).toMatch(new RegExp(`^${device} /\\S+$`));
      return first.slice(device.length + 1);
    },
  };
}

/** Opens the host side as the gate does, collecting what arrives. */
async function openHost(path: string): Promise<{ transport: ByteTransport; received: number[] }> {
  const transport = cleanup.add(expectOk(await openSerialTransport(path, 9600)));
  const received: number[] = [];
  transport.onData((chunk) => received.push(...chunk));
  return { transport, received };
}

async function query(host: { transport: ByteTransport; received: number[] }): Promise<Uint8Array> {
  host.received.length = 0;
  expectOk(await host.transport.write(hex('A5 15 BA')));
  await eventually(() => host.received.length >= 9, 5000);
  return Uint8Array.from(host.received.slice(0, 9));
}

describe('npm run sim -- gy-mcu90614', () => {
  it('prints its host path; a query there gets the documented 9-byte frame; SIGTERM ends it and its socat', async () => {
    const sim = startSim(['gy-mcu90614', '--object', '36.5', '--ambient', '25']);
    const hostPath = await sim.hostPath();
    const pairDir = dirname(hostPath);
    expect(pidsMentioning(pairDir)).toHaveLength(1); // socat, the only process naming the pair's folder
    const host = await openHost(hostPath);
    // docs/devices.md §1.2's synthetic example: TO 36.50, TA 25.00
    expect(toHex(await query(host))).toBe('5A 5A 45 04 0E 42 09 C4 1A');
    await host.transport.close();
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
    await eventually(() => pidsMentioning(pairDir).length === 0 && !existsSync(pairDir), 5000);
    expect(sim.stderr()).toMatch(/^note: config serial paths must be under \/dev\/: use \/dev\/pts\/\d+/);
  });

  it('takes a fixed --path, paces to --baud, changes the scene from a stdin line, and stops on SIGINT', async () => {
    const link = join(dir, 'thermometer');
    const sim = startSim(['gy-mcu90614', '--path', link, '--baud', '1200']);
    expect(await sim.hostPath()).toBe(link);
    const host = await openHost(link);
    const asked = performance.now();
    expect(decodeFrame(await query(host))).toEqual({ ok: true, value: { objectC: 36.5, ambientC: 25 } });
    // 1200 bit/s 8N1 is 8.3 ms a byte: the 8 gaps of a 9-byte frame take at least 66 ms (a loaded machine only adds).
    expect(performance.now() - asked).toBeGreaterThanOrEqual(66);
    sim.child.stdin?.write('38.2 24.5\n');
    await eventually(() => sim.lines.includes('scene: object 38.2 °C, ambient 24.5 °C'), 5000);
    expect(decodeFrame(await query(host))).toEqual({ ok: true, value: { objectC: 38.2, ambientC: 24.5 } });
    sim.child.stdin?.write('hot\n');
    await eventually(() => sim.lines.some((l) => l.startsWith('ignored "hot"')), 5000);
    await host.transport.close();
    sim.child.kill('SIGINT');
    expect(await sim.exited).toBe(0);
    await eventually(() => !existsSync(link) && pidsMentioning(link).length === 0, 5000);
  });
});

describe('the other simulators', () => {
  it('line: each stdin line arrives at the host side as one scan ending in the chosen terminator', async () => {
    const sim = startSim(['line', '--terminator', 'crlf']);
    const host = await openHost(await sim.hostPath());
    sim.child.stdin?.write('110105194912310021\n');
    await eventually(() => Buffer.from(host.received).toString() === '110105194912310021\r\n', 5000);
    await eventually(() => sim.lines.includes('scanned "110105194912310021"'), 5000);
    await host.transport.close();
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
  });

  it('lcus: prints every relay command the host sends', async () => {
    const sim = startSim(['lcus']);
    const host = await openHost(await sim.hostPath());
    expectOk(await host.transport.write(hex('A0 01 01 A2 A0 01 00 A1')));
    await eventually(() => sim.lines.includes('relay: channel 1 off'), 5000);
    expect(sim.lines.slice(1)).toEqual(['relay: channel 1 on', 'relay: channel 1 off']);
    await host.transport.close();
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
  });
});

describe('the catalogue and the usage', () => {
  const simSync = (args: readonly string[]) => spawnSync(process.execPath, [SIM_CLI, ...args], { encoding: 'utf8', timeout: 20_000 });

  it('--list names every device in the catalogue with its options and the common ones', () => {
    const run = simSync(['--list']);
    expect(run.status).toBe(0);
    for (const entry of SIM_CATALOGUE) {
      expect(run.stdout).toContain(`${entry.name}: ${entry.description}; ${entry.defaultBaud} bit/s`);
      for (const option of Object.keys(entry.options)) expect(run.stdout).toContain(`    --${option}`);
    }
    expect(run.stdout).toMatch(/--baud N +line speed/);
    expect(run.stdout).toMatch(/--path LINK +put the host side/);
  });

  it('no entry reuses a common option or the name of another', () => {
    const reserved = [...Object.keys(commonOptions.shape), 'list', 'help'];
    for (const entry of SIM_CATALOGUE) expect(Object.keys(entry.options).filter((o) => reserved.includes(o)), entry.name).toEqual([]);
    expect(new Set(SIM_CATALOGUE.map((e) => e.name)).size).toBe(SIM_CATALOGUE.length);
  });

  it('refuses an unknown device, bad option values (all named at once) and an unknown option with exit 2, starting nothing', () => {
    const unknown = simSync(['thermo']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('sim.unknown-device: no simulator "thermo"; devices: gy-mcu90614, line, lcus');
    const bad = simSync(['gy-mcu90614', '--object', '36,5', '--baud', '300', '--ambient', '400']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.split('\n').filter((l) => l !== '')).toEqual([
      expect.stringMatching(/^sim\.bad-option: --baud: .*1200/),
      'sim.bad-option: --object: must be a decimal number',
      expect.stringMatching(/^sim\.bad-option: --ambient: .*327/),
    ]);
    expect(bad.stdout).toBe('');
    const option = simSync(['lcus', '--object', '3']);
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("Unknown option '--object'");
  });

  it('will not let socat replace a file that is not a symlink', () => {
    const file = join(dir, 'precious');
    writeFileSync(file, 'keep me');
    const run = simSync(['lcus', '--path', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`sim.path-taken: ${file} exists and is not a symlink`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
});
