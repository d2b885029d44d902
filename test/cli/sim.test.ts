/**
 * `npm run sim -- <device>` as a technician runs it: the compiled CLI (out/main/sim/cli.js) in a child process,
 * its printed host path opened with the gate's own serialport transport and, for every protocol, the
 * protocol's real driver (its descriptor's `driver`), real bytes both ways, stdin commands, then a signal,
 * after which neither it nor its socat may be left.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { monotonicNow } from '../../drivers/monotonic.js';
import type { ReaderRead } from '../../drivers/reader/reader.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { simulatedZone } from '../../drivers/sim/mrz-zone.js';
import type { ThermometerFrame } from '../../drivers/thermometer/thermometer.js';
import type { ByteTransport } from '../../drivers/transport.js';
import { decodeFrame } from '../../drivers/thermometer/gy-mcu90614/codec.js';
import type { ReaderProtocol, ThermometerProtocol } from '../../main/devices/protocol.js';
import { asciiLineProtocol } from '../../main/devices/protocols/ascii-line.js';
import { badgeUidProtocol } from '../../main/devices/protocols/badge-uid.js';
import { bodyModeProtocol } from '../../main/devices/protocols/body-mode.js';
import { gyMcu90614Protocol } from '../../main/devices/protocols/gy-mcu90614.js';
import { gyMcu90615Protocol } from '../../main/devices/protocols/gy-mcu90615.js';
import { lineProtocol } from '../../main/devices/protocols/line.js';
import { mrzLineProtocol } from '../../main/devices/protocols/mrz-line.js';
import { samProtocol } from '../../main/devices/protocols/sam.js';
import { wiegandProtocol } from '../../main/devices/protocols/wiegand.js';
import { APP_ROOT } from '../../main/resources.js';
import { SIM_CATALOGUE } from '../../main/sim/catalogue.js';
import { defaultConfig, type ConfigMember } from '../../main/sim/config-option.js';
import { COMMON_OPTIONS } from '../../main/sim/options.js';
import { badgeUidReaderConfig } from '../../src/config/readers/badge-uid.js';
import { lineReaderConfig } from '../../src/config/readers/line.js';
import { mrzLineReaderConfig } from '../../src/config/readers/mrz-line.js';
import { samReaderConfig } from '../../src/config/readers/sam.js';
import { wiegandReaderConfig } from '../../src/config/readers/wiegand.js';
import { asciiLineConfig } from '../../src/config/thermometers/ascii-line.js';
import { bodyModeConfig } from '../../src/config/thermometers/body-mode.js';
import { gyMcu90614Config } from '../../src/config/thermometers/gy-mcu90614.js';
import { gyMcu90615Config } from '../../src/config/thermometers/gy-mcu90615.js';
import { parseMrz } from '../../src/identity/mrz.js';
import { Cleanup, eventually, expectOk, hex, pidsMentioning, repoRoot, toHex } from '../drivers/support.js';

const SIM_CLI = join(APP_ROOT, 'out', 'main', 'sim', 'cli.js');

interface RunningSimCli {
  readonly child: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: string[];
  stderr(): string;
  /** The `<device> <host path>` line's path. */
  hostPath(): Promise<string>;
  /** Writes a stdin line and waits for the first stdout line after it that `reply` matches. */
  say(line: string, reply: RegExp | string): Promise<string>;
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
  // A failed case leaves its CLI running: SIGTERM lets it remove its link folder; SIGKILL if it does not stop.
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  }
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
    say: async (line, reply) => {
      const from = lines.length;
      child.stdin?.write(`${line}\n`);
      const matches = (l: string): boolean => (typeof reply === 'string' ? l === reply : reply.test(l));
      await eventually(() => lines.slice(from).some(matches), 10_000);
      return lines.slice(from).find(matches) ?? '';
    },
  };
}

/** Opens the host side as the gate does, collecting what arrives. */
async function openHost(path: string, baudRate = 9600): Promise<{ transport: ByteTransport; received: number[] }> {
  const transport = cleanup.add(expectOk(await openSerialTransport(path, baudRate)));
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

/** SIGTERM, exit 0, and nothing left: no process naming the host path, no link, no default link folder. */
async function stop(sim: RunningSimCli, hostPath: string): Promise<void> {
  sim.child.kill('SIGTERM');
  expect(await sim.exited).toBe(0);
  await eventually(() => pidsMentioning(hostPath).length === 0 && !existsSync(hostPath), 5000);
  if (hostPath.startsWith('/dev/shm/gate-sim-')) expect(existsSync(dirname(hostPath))).toBe(false);
}

// ---- every device, through its protocol's real driver ----

/** The real driver of one device on the CLI's host path: what it has read so far. */
interface Rig {
  /** The result of the driver's `init()`. */
  readonly init: { ok: boolean };
  /** Asks for one event: a query, a person typed on the CLI's stdin, a relay command. */
  trigger(): Promise<void>;
  /** Events that are what was asked for. */
  good(): number;
  /** Frames the driver discarded, and events that are not what was asked for (a misread). */
  bad(): number;
  /** Whether the driver's transport saw the link go away. */
  closed(): boolean;
  close(): Promise<void>;
}

interface Probe {
  /** Options the device is started with. */
  readonly args: readonly string[];
  open(sim: RunningSimCli, hostPath: string): Promise<Rig>;
  /** What `--bad-checksum-rate 1` does: frames the driver discards, or nothing (a protocol without a checksum, a device that never sends). */
  readonly checksum: 'detected' | 'none';
}

/** A driver made by `make` on the host path at `baudRate`, with what it discarded and whether its link went away. */
async function openDriver<D extends { onBadFrame(listener: () => void): () => void; close(): Promise<void> }>(
  hostPath: string,
  baudRate: number,
  make: (transport: ByteTransport) => D,
): Promise<{ driver: D; discarded: () => number; closed: () => boolean }> {
  const transport = expectOk(await openSerialTransport(hostPath, baudRate));
  let closed = false;
  transport.onClose(() => (closed = true));
  const driver = cleanup.add(make(transport));
  let discarded = 0;
  driver.onBadFrame(() => (discarded += 1));
  return { driver, discarded: () => discarded, closed: () => closed };
}

/** A thermometer read by its descriptor's driver; a good frame reads `objectC` and ambient 24.2 °C. */
function thermometerProbe<C>(descriptor: ThermometerProtocol<C>, member: ConfigMember<C>, objectC: number): Probe {
  return {
    args: ['--object', '36.6', '--ambient', '24.2', '--body', '36.9'],
    checksum: descriptor.protocol === 'ascii-line' ? 'none' : 'detected',
    open: async (_sim, hostPath) => {
      const config = defaultConfig(member, descriptor.protocol);
      const { driver, discarded, closed } = await openDriver(hostPath, descriptor.baudRates(config)[0] ?? 9600, (t) => descriptor.driver(t, config, monotonicNow));
      const frames: ThermometerFrame[] = [];
      driver.onFrame((f) => frames.push(f));
      const isGood = (f: ThermometerFrame): boolean => Math.abs(f.objectC - objectC) < 0.005 && Math.abs(f.ambientC - 24.2) < 0.005;
      const init = await driver.init();
      return {
        init,
        trigger: async () => {
          expectOk(await driver.query());
        },
        good: () => frames.filter(isGood).length,
        bad: () => discarded() + frames.filter((f) => !isGood(f)).length,
        closed,
        close: () => driver.close(),
      };
    },
  };
}

/** A reader read by its descriptor's driver, shown `person` on stdin; `isGood` says whether a read is that person's. */
function readerProbe<C>(descriptor: ReaderProtocol<C>, member: ConfigMember<C>, person: string, isGood: (read: ReaderRead) => boolean): Probe {
  return {
    args: [],
    checksum: descriptor.protocol === 'line' ? 'none' : 'detected',
    open: async (sim, hostPath) => {
      const config = defaultConfig(member, descriptor.protocol);
      const { driver, discarded, closed } = await openDriver(hostPath, descriptor.baudRates(config)[0] ?? 9600, (t) => descriptor.driver(t, config, monotonicNow));
      const reads: ReaderRead[] = [];
      driver.onRead((r) => reads.push(r));
      const init = await driver.init();
      return {
        init,
        trigger: async () => {
          await sim.say(person, /^presented /);
        },
        good: () => reads.filter(isGood).length,
        bad: () => discarded() + reads.filter((r) => !isGood(r)).length,
        closed,
        close: () => driver.close(),
      };
    },
  };
}

/** The relay board: the host sends a command, the CLI prints it. */
const relayProbe: Probe = {
  args: [],
  checksum: 'none',
  open: async (sim, hostPath) => {
    const host = await openHost(hostPath);
    let closed = false;
    host.transport.onClose(() => (closed = true));
    const from = sim.lines.length;
    return {
      init: { ok: true },
      trigger: async () => {
        expectOk(await host.transport.write(hex('A0 01 01 A2')));
      },
      good: () => sim.lines.slice(from).filter((l) => l === 'relay: channel 1 on').length,
      bad: () => 0,
      closed: () => closed,
      close: () => host.transport.close(),
    };
  },
};

const ID = '110105194912310021';
const PROBES: Readonly<Record<string, Probe>> = {
  'gy-mcu90614': thermometerProbe(gyMcu90614Protocol, gyMcu90614Config, 36.6),
  'gy-mcu90615': thermometerProbe(gyMcu90615Protocol, gyMcu90615Config, 36.6),
  'body-mode': thermometerProbe(bodyModeProtocol, bodyModeConfig, 36.9),
  'ascii-line': thermometerProbe(asciiLineProtocol, asciiLineConfig, 36.9),
  line: readerProbe(lineProtocol, lineReaderConfig, ID, (r) => r.kind === 'text' && r.text === ID),
  sam: readerProbe(samProtocol, samReaderConfig, `${ID} name=张三 valid-to=20401231`, (r) => r.kind === 'id-card' && r.card.idNumber === ID && r.card.name === '张三' && r.card.validTo === '20401231'),
  'mrz-line': readerProbe(mrzLineProtocol, mrzLineReaderConfig, `${ID} name=Anna_Maria_Eriksson valid-to=20401231 mrz=td1`, (r) => {
    if (r.kind !== 'mrz') return false;
    const zone = simulatedZone({ idNumber: ID, name: 'Anna Maria Eriksson', validTo: '20401231' }, 'TD1');
    return JSON.stringify(r.lines) === JSON.stringify(zone) && parseMrz(r.lines.join('\n')).ok;
  }),
  'badge-uid': readerProbe(badgeUidProtocol, badgeUidReaderConfig, 'badge=3891977766', (r) => r.kind === 'badge' && r.number === '3891977766'),
  wiegand: readerProbe(wiegandProtocol, wiegandReaderConfig, `${ID} badge=213,02000`, (r) => r.kind === 'badge' && r.number === '213,02000'),
  lcus: relayProbe,
};

const probeOf = (name: string): Probe => {
  const probe = PROBES[name];
  if (probe === undefined) throw new Error(`no probe for catalogue device ${name}: add one to PROBES`);
  return probe;
};

/** How long to watch for frames that must not come: several times what an answer took (a SAM read, ~1 s, included). */
const QUIET_MS = 1500;
const watch = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Triggers until a good event beyond `before` arrives. A SAM reader's driver keeps a card it read latched until
 * a poll finds no card (docs/devices/sam.md): one that fell silent before that poll ignores the next card until
 * the last one has left the reader (3 s), so one trigger may not be enough.
 */
async function readsAgain(rig: Rig, before: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await rig.trigger();
    try {
      await eventually(() => rig.good() > before, 5000);
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

describe.each(SIM_CATALOGUE.map((e) => e.name))('npm run sim -- %s, read by its real driver', (name) => {
  it('gives a typed event; :silent stops it, :answer brings it back; :unplug takes the host path away and :replug brings it back for a new driver', async () => {
    const probe = probeOf(name);
    const sim = startSim([name, ...probe.args]);
    const hostPath = await sim.hostPath();
    expect(hostPath.startsWith('/dev/shm/gate-sim-')).toBe(true);
    const rig = await probe.open(sim, hostPath);
    expect(rig.init.ok).toBe(true);
    await rig.trigger();
    await eventually(() => rig.good() > 0, 10_000);

    const silenced = await sim.say(':silent', /^(faults: |ignored)/);
    if (silenced.startsWith('faults: ')) {
      expect(JSON.parse(silenced.slice('faults: '.length))).toMatchObject({ silent: true });
      await watch(200); // frames already on their way when it fell silent
      const before = rig.good();
      await rig.trigger();
      await watch(QUIET_MS);
      expect(rig.good()).toBe(before);
      expect(JSON.parse((await sim.say(':answer', /^faults: /)).slice('faults: '.length))).toMatchObject({ silent: false });
      await readsAgain(rig, before);
    } else {
      expect(silenced).toBe('ignored ":silent": lcus never sends, so link faults and raw bytes do not apply');
    }

    await sim.say(':unplug', `unplugged ${hostPath}`);
    expect(existsSync(hostPath)).toBe(false);
    await eventually(() => rig.closed(), 5000);
    await rig.close();
    await sim.say(':replug', `plugged in ${hostPath}`);
    expect(existsSync(hostPath)).toBe(true);
    const again = await probe.open(sim, hostPath);
    await again.trigger();
    await eventually(() => again.good() > 0, 10_000);
    await again.close();
    await stop(sim, hostPath);
  });

  it('--bad-checksum-rate 1: the driver discards every frame and reads nothing good (a protocol without a checksum reads on)', async () => {
    const probe = probeOf(name);
    const sim = startSim([name, ...probe.args, '--bad-checksum-rate', '1']);
    const hostPath = await sim.hostPath();
    const rig = await probe.open(sim, hostPath);
    await rig.trigger();
    if (probe.checksum === 'detected') {
      await eventually(() => rig.bad() > 0, 10_000);
      await rig.trigger();
      await watch(QUIET_MS);
      expect(rig.good()).toBe(0);
    } else {
      await eventually(() => rig.good() > 0, 10_000);
      expect(rig.bad()).toBe(0);
    }
    await rig.close();
    await stop(sim, hostPath);
  });
});

describe('the thermometer knobs', () => {
  it('gy-mcu90614: takes a fixed --path, paces to --baud, changes the scene from a stdin line, and stops on SIGINT', async () => {
    const link = join(dir, 'thermometer');
    const sim = startSim(['gy-mcu90614', '--path', link, '--baud', '1200']);
    expect(await sim.hostPath()).toBe(link);
    const host = await openHost(link);
    const asked = performance.now();
    // docs/devices.md §1.2's synthetic example: TO 36.50, TA 25.00
    expect(toHex(await query(host))).toBe('5A 5A 45 04 0E 42 09 C4 1A');
    // 1200 bit/s 8N1 is 8.3 ms a byte: a 9-byte frame takes at least 66 ms (a loaded machine only adds).
    expect(performance.now() - asked).toBeGreaterThanOrEqual(66);
    await sim.say('38.2 24.5', 'scene: object 38.2 °C, ambient 24.5 °C');
    expect(decodeFrame(await query(host))).toEqual({ ok: true, value: { objectC: 38.2, ambientC: 24.5 } });
    expect(await sim.say('hot', /^ignored/)).toBe('ignored "hot": type OBJECT [AMBIENT [BODY]] in °C');
    await host.transport.close();
    sim.child.kill('SIGINT');
    expect(await sim.exited).toBe(0);
    await eventually(() => !existsSync(link) && pidsMentioning(link).length === 0, 5000);
    expect(sim.stderr()).toMatch(/^note: config serial paths must be under \/dev\/: use \/dev\/pts\/\d+/);
  });

  it.each([
    ['gy-mcu90614', gyMcu90614Protocol, gyMcu90614Config, ['--object', '35.5']],
    ['body-mode', bodyModeProtocol, bodyModeConfig, ['--body', '35.5']],
  ] as const)('%s --bad-firmware: a 35.5 °C reading comes out as one of 36.0–36.3 °C', async (name, descriptor, member, scene) => {
    const sim = startSim([name, ...scene, '--bad-firmware', '--seed', '7']);
    const hostPath = await sim.hostPath();
    const config = defaultConfig<unknown>(member, name);
    const transport = expectOk(await openSerialTransport(hostPath, (descriptor as ThermometerProtocol<unknown>).baudRates(config)[0] ?? 9600));
    const driver = cleanup.add((descriptor as ThermometerProtocol<unknown>).driver(transport, config, monotonicNow));
    const frames: ThermometerFrame[] = [];
    driver.onFrame((f) => frames.push(f));
    expectOk(await driver.init());
    for (let i = 0; i < 4; i++) {
      const count = frames.length;
      expectOk(await driver.query());
      await eventually(() => frames.length > count, 5000);
    }
    expect(frames.length).toBeGreaterThanOrEqual(4);
    for (const f of frames) expect([36.0, 36.1, 36.2, 36.3]).toContain(f.objectC);
    await driver.close();
    await stop(sim, hostPath);
  });

  it('gy-mcu90614 --speaks-at-baud 115200: a host at 9600 reads garbage, one at 115200 the frame', async () => {
    const sim = startSim(['gy-mcu90614', '--speaks-at-baud', '115200']);
    const hostPath = await sim.hostPath();
    const slow = await openHost(hostPath, 9600);
    slow.received.length = 0;
    expectOk(await slow.transport.write(hex('A5 15 BA')));
    await eventually(() => slow.received.length > 0, 5000);
    expect(toHex(Uint8Array.from(slow.received))).not.toContain('5A 5A 45 04');
    await slow.transport.close();
    const fast = await openHost(hostPath, 115_200);
    expect(decodeFrame(await query(fast))).toEqual({ ok: true, value: { objectC: 36.5, ambientC: 25 } });
    await fast.transport.close();
    await stop(sim, hostPath);
  });
});

describe('the other stdin commands', () => {
  it(':faults and :raw reach the link; a wrong command or person is refused with its code and the device runs on', async () => {
    const sim = startSim(['badge-uid', '--config', '{"framing":"hex-line","checksum":"none"}']);
    const hostPath = await sim.hostPath();
    const host = await openHost(hostPath);
    expect(await sim.say(':raw 41 42 0d', /^wrote/)).toBe('wrote 3 raw byte(s)');
    await eventually(() => Buffer.from(host.received).toString('latin1') === 'AB\r', 5000);
    expect(await sim.say(':faults {"noiseRate": 2}', /^ignored/)).toMatch(/^ignored ":faults \{"noiseRate": 2\}": sim\.bad-command: :faults noiseRate: .*<=1/);
    expect(await sim.say(':faults {"chunkSize": 1, "chunkGapMs": 0}', /^faults: /)).toBe('faults: {"baudRate":9600,"chunkSize":1,"chunkGapMs":0}');
    expect(await sim.say(':reboot', /^ignored/)).toMatch(/^ignored ":reboot": sim\.bad-command: unknown command :reboot/);
    expect(await sim.say('badge=12 hello', /^ignored/)).toMatch(/^ignored "badge=12 hello": cannot read "hello"/);
    expect(await sim.say(ID, /^ignored/)).toBe(`ignored "${ID}": a badge reader reads a badge: add badge=NUMBER`);
    host.received.length = 0;
    await sim.say('badge=3891977766', /^presented /);
    // hex-line: the UID (EM4100 version byte 01, then E7FADE26) in hex and CR (now in 1-byte pieces)
    await eventually(() => Buffer.from(host.received).toString('latin1') === '01E7FADE26\r', 5000);
    await host.transport.close();
    await stop(sim, hostPath);
  });

  it('line: a line that is not a person is scanned as typed, with the configured suffix', async () => {
    const sim = startSim(['line', '--config', '{"suffix":"crlf"}']);
    const hostPath = await sim.hostPath();
    const host = await openHost(hostPath);
    await sim.say('HC1:some QR payload', 'scanned "HC1:some QR payload"');
    await eventually(() => Buffer.from(host.received).toString() === 'HC1:some QR payload\r\n', 5000);
    await host.transport.close();
    await stop(sim, hostPath);
  });
});

describe('the catalogue and the usage', () => {
  const simSync = (args: readonly string[]) => spawnSync(process.execPath, [SIM_CLI, ...args], { encoding: 'utf8', timeout: 20_000 });

  // A USB HID protocol (`transport: 'hid'`) is simulated in the gate's own process at the report level: there is no pty for a separate simulator to offer.
  it('has an entry for every serial protocol descriptor in main/devices/protocols/, and the relay board', async () => {
    const folder = join(repoRoot, 'main', 'devices', 'protocols');
    const protocols = new Set<string>();
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
      const exports = (await import(join(folder, file))) as Record<string, unknown>;
      for (const value of Object.values(exports)) {
        if (typeof value === 'object' && value !== null && 'role' in value && 'protocol' in value && typeof value.protocol === 'string' && !('transport' in value && value.transport === 'hid')) protocols.add(value.protocol);
      }
    }
    expect(protocols.size).toBeGreaterThanOrEqual(9);
    expect(SIM_CATALOGUE.map((e) => e.name).sort()).toEqual([...protocols, 'lcus'].sort());
    expect(Object.keys(PROBES).sort()).toEqual(SIM_CATALOGUE.map((e) => e.name).sort());
  });

  it('--list names every device with its line speed, options, config fields and stdin, then the common options and commands', () => {
    const run = simSync(['--list']);
    expect(run.status).toBe(0);
    for (const entry of SIM_CATALOGUE) {
      expect(run.stdout).toContain(`${entry.name} (${entry.defaultBaud} bit/s): ${entry.description}`);
      for (const option of Object.keys(entry.options)) expect(run.stdout).toContain(`    --${option}`);
      for (const field of entry.configFields) expect(run.stdout).toContain(field);
    }
    for (const option of Object.keys(COMMON_OPTIONS)) expect(run.stdout).toContain(`    --${option}`);
    for (const command of [':silent', ':answer', ':faults', ':unplug', ':replug', ':raw']) expect(run.stdout).toContain(`    ${command}`);
    expect(readFileSync(join(repoRoot, 'docs', 'devices', 'simulators.md'), 'utf8')).toContain('npm run sim -- --list');
  });

  it('no entry reuses a common option or the name of another', () => {
    const reserved = [...Object.keys(COMMON_OPTIONS), 'list', 'help'];
    for (const entry of SIM_CATALOGUE) expect(Object.keys(entry.options).filter((o) => reserved.includes(o)), entry.name).toEqual([]);
    expect(new Set(SIM_CATALOGUE.map((e) => e.name)).size).toBe(SIM_CATALOGUE.length);
  });

  it('refuses an unknown device, bad option values (all named at once) and an unknown option with exit 2, starting nothing', () => {
    const unknown = simSync(['thermo']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(`sim.unknown-device: no simulator "thermo"; devices: ${SIM_CATALOGUE.map((e) => e.name).join(', ')}`);
    const bad = simSync(['gy-mcu90614', '--object', '36,5', '--baud', '300', '--ambient', '2000', '--truncate-rate', '1.5', '--seed', 'x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.split('\n').filter((l) => l !== '')).toEqual([
      expect.stringMatching(/^sim\.bad-option: --baud: .*1200/),
      expect.stringMatching(/^sim\.bad-option: --truncate-rate: .*1/),
      'sim.bad-option: --seed: must be a number',
      'sim.bad-option: --object: must be a decimal number',
      expect.stringMatching(/^sim\.bad-option: --ambient: .*1000/),
    ]);
    expect(bad.stdout).toBe('');
    const option = simSync(['lcus', '--object', '3']);
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("Unknown option '--object'");
  });

  it('checks --config against the protocol’s config member, field by field', () => {
    const wrong = simSync(['ascii-line', '--config', '{"unit":"R","pattern":"(a)\\\\1"}']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/sim\.bad-option: --config\.pattern: /);
    expect(wrong.stderr).toMatch(/sim\.bad-option: --config\.unit: /);
    const device = simSync(['wiegand', '--config', '{"device":{"kind":"serial","path":"/dev/ttyUSB0"}}']);
    expect(device.status).toBe(2);
    expect(device.stderr).toContain("sim.bad-option: --config: device: the simulator's own, leave them out");
    const notJson = simSync(['sam', '--config', '{pollIntervalMs: 5}']);
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toMatch(/^sim\.bad-option: --config: is not JSON/);
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
