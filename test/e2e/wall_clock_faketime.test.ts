/**
 * The field report, replayed on the real gate process: its wall clock is stepped at run time by Debian's
 * libfaketime (monotonic clock left alone, FAKETIME_DONT_FAKE_MONOTONIC=1) while the devices are real
 * socat ptys driven from this test. Stepping the wall clock must change no timeout, window or binding.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GyMcu90614Simulator } from '../../drivers/thermometer/gy-mcu90614/simulator.js';
import { LcusRelaySimulator } from '../../drivers/relay/lcus/simulator.js';
import { LineScannerSimulator } from '../../drivers/scanner/line/simulator.js';
import { startSimulated, type SimulatedDevice } from '../../drivers/sim/simulated-device.js';
import { APP_ROOT } from '../../main/resources.js';
import type { GateView } from '../../src/ipc/view.js';
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../src/ipc/wire.js';
import { DEMO_POLICY_FILE } from '../fixtures/policy.js';
import { OFFSET_C, waitFor } from '../harness/gate.js';
import { runCommand } from '../journal/run-command.js';

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const STEP_TIMEOUT_MS = 8000;
const AMBIENT = { objectC: 25, ambientC: 24.5 };
const X_ID = '11010519491231002X';
const Y_ID = '440524188001010014';

const dir = mkdtempSync(join(tmpdir(), 'gate-faketime-'));
const offsetFile = join(dir, 'faketime');
const configFile = join(dir, 'config.json');
let devices: { thermometer: SimulatedDevice<GyMcu90614Simulator>; scanner: SimulatedDevice<LineScannerSimulator>; relay: SimulatedDevice<LcusRelaySimulator> };
let gate: ChildProcess;
let ws: WebSocket;
let latest: GateView | undefined;

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Steps the gate's wall clock (libfaketime re-reads the file at every call: FAKETIME_NO_CACHE). */
const setWallOffset = (offset: string): void => writeFileSync(offsetFile, `${offset}\n`);

beforeAll(async () => {
  if (!existsSync(LIBFAKETIME)) throw new Error(`${LIBFAKETIME} is missing: install Debian's faketime package (apt-get install faketime; .ci/run does)`);
  devices = {
    thermometer: unwrap(await startSimulated((p) => GyMcu90614Simulator.open(p))),
    scanner: unwrap(await startSimulated((p) => LineScannerSimulator.open(p))),
    relay: unwrap(await startSimulated((p) => LcusRelaySimulator.open(p))),
  };
  devices.thermometer.sim.setScene(AMBIENT);
  // The config takes device paths under /dev/: the pty behind each socat link.
  const serial = (d: SimulatedDevice<unknown>) => ({ device: { kind: 'serial', path: realpathSync(d.hostPath) } });
  writeFileSync(
    configFile,
    JSON.stringify({
      dataDir: join(dir, 'data'),
      policyFile: DEMO_POLICY_FILE,
      host: { port: 0 },
      session: { stepTimeoutMs: STEP_TIMEOUT_MS, sessionTimeoutMs: 30_000, verdictDisplayMs: 1000 },
      lanes: [{ id: 'gate-1', direction: 'entry', thermometer: { ...serial(devices.thermometer), offsetC: OFFSET_C, queryHz: 9 }, scanner: serial(devices.scanner), relay: serial(devices.relay) }],
    }),
  );
  setWallOffset('+0');
  gate = spawn(process.execPath, [join(APP_ROOT, 'out', 'main', 'cli.js'), 'start', '--headless', '--config', configFile], {
    env: {
      ...process.env,
      GATE_LOG_LEVEL: 'silent',
      GATE_DATA_DIR: '',
      LD_PRELOAD: LIBFAKETIME,
      FAKETIME_TIMESTAMP_FILE: offsetFile,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  gate.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await waitFor('the gate to say it is ready', () => /kiosk UI: (\S+)/.exec(out)?.[1], 20_000);
  const { host, hash } = new URL(url);
  ws = await new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`ws://${host}/ipc`, [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + hash.replace('#token=', '')], { origin: `http://${host}` });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString()) as { t: string; channel?: string; payload?: GateView };
    if (m.t === 'event' && m.channel === 'gate:view') latest = m.payload;
  });
}, 60_000);

afterAll(async () => {
  ws?.close();
  if (gate !== undefined && gate.exitCode === null) {
    const exited = new Promise((r) => gate.once('exit', r));
    gate.kill('SIGTERM');
    await exited;
  }
  await Promise.all(Object.values(devices ?? {}).map((d) => d.close()));
  rmSync(dir, { recursive: true, force: true });
});

const screen = () => latest?.lanes[0]?.screen;
const exported = () => {
  const r = runCommand('cli/export.js', 'exportCommand', ['--format', 'jsonl', '--config', configFile]);
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { verdict: string; ending: string; rules: { id: string; values: Record<string, unknown> }[] });
};
const measure = (bodyC: number) => devices.thermometer.sim.setScene({ objectC: bodyC - OFFSET_C, ambientC: 24.5 });

describe('a gate whose wall clock is stepped while it runs', () => {
  it('times a session out after stepTimeoutMs of monotonic time, though the wall clock went back 10 minutes', async () => {
    const before = exported().length;
    await devices.scanner.sim.scan(X_ID);
    await waitFor('the session to start', () => screen()?.kind === 'collecting');
    const started = performance.now();
    setWallOffset('-10m');
    const row = await waitFor('the step timeout', () => exported()[before], STEP_TIMEOUT_MS + 5000);
    expect(performance.now() - started).toBeLessThan(STEP_TIMEOUT_MS + 2000);
    expect(row).toMatchObject({ verdict: 'refer', ending: 'step-timeout' });
    await waitFor('the lane to be idle', () => screen()?.kind === 'idle');
  });

  it('never admits Y on X’s reading: X measured without an ID and left, the clock stepped back, Y scanned 9 s later and reads 38.6 °C', async () => {
    const before = exported().length;
    measure(36.5);
    await waitFor('X’s reading', () => {
      const s = screen();
      return s?.kind === 'collecting' && s.temperatureC === 36.5;
    });
    devices.thermometer.sim.setScene(AMBIENT); // X walks away
    setWallOffset('-20m');
    await new Promise((r) => setTimeout(r, 9000)); // the 9 s of the field report: the time itself is the test
    await devices.scanner.sim.scan(Y_ID);
    measure(38.6);
    const row = await waitFor('Y’s decision', () => exported()[before], 20_000);
    devices.thermometer.sim.setScene(AMBIENT);
    expect(row.verdict).toBe('deny');
    expect(row.rules.find((r) => r.id === 'temperature')?.values['readingsC']).toEqual([38.6, 38.6]);
    expect(exported().slice(before).map((r) => r.verdict)).not.toContain('admit');
  }, 40_000);
});
