/**
 * The compiled gate (`out/main/cli.js start --headless`, built by vitest's global setup) as a child process:
 * what it prints, what it logs (JSON lines on stderr), its views over the real WebSocket bridge, and what it
 * holds open (/proc). For tests that kill it, restart it, or step its clock from outside.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { PAIRING_PARAM } from '../../main/host/pairing.js';
import { APP_ROOT } from '../../main/resources.js';
import { installTestNotice } from '../fixtures/notices.js';
import type { GateView } from '../../src/ipc/view.js';
import { HEARTBEAT_FRAME, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../src/ipc/wire.js';
import { waitFor } from './gate.js';

export const CLI = join(APP_ROOT, 'out', 'main', 'cli.js');

/**
 * Writes `policy` to <dir>/policy.json and a config to <dir>/config.json that uses it, keeps its data in
 * <dir>/data (with the test notice installed) and listens on a free port; `fields` adds the rest (lanes,
 * session…). Returns the config's path.
 */
export function writeGateConfig(dir: string, policy: unknown, fields: Record<string, unknown>): string {
  writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
  installTestNotice(join(dir, 'data'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ dataDir: 'data', policyFile: 'policy.json', host: { port: 0 }, ...fields }));
  return file;
}

/** One pino line of the gate's log. */
export interface LogLine {
  readonly level: number;
  /** Epoch ms, the gate's wall clock when it logged. */
  readonly time: number;
  readonly ns: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface ChildGate {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Date.now() just before the spawn. */
  readonly spawnedAt: number;
  /** Every JSON log line so far, in order (GATE_LOG_LEVEL decides how many there are). */
  readonly logs: LogLine[];
  /** The kiosk URL, once the gate has printed it. */
  url(timeoutMs?: number): Promise<string>;
  /** SIGKILL, and wait until it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (or `signal`), and wait for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `gate start --headless --config <configFile>`; `env` adds to (or overrides) the test's environment. */
export function spawnGate(configFile: string, env: NodeJS.ProcessEnv = {}): ChildGate {
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [CLI, 'start', '--headless', '--config', configFile], {
    env: { ...process.env, GATE_LOG_LEVEL: 'silent', GATE_DATA_DIR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const logs: LogLine[] = [];
  let partial = '';
  child.stderr?.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) logs.push(JSON.parse(line) as LogLine);
  });
  return {
    child,
    pid: child.pid ?? Number.NaN,
    spawnedAt,
    logs,
    url: (timeoutMs = 20_000) => waitFor('the gate to print its kiosk URL', () => /kiosk UI: (\S+)/.exec(stdout)?.[1], timeoutMs),
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The pairing secret in a kiosk URL's fragment (`#pair=<hex>`); '' when there is none. */
export const pairingSecretOf = (url: string): string => new URLSearchParams(new URL(url).hash.slice(1)).get(PAIRING_PARAM) ?? '';

/** A WebSocket client of the bridge that keeps the newest `gate:view` (and answers the heartbeat, as the page does). */
export interface ViewClient {
  latest(): GateView | undefined;
  close(): void;
}

/**
 * Reconnects whenever the gate drops it, as the kiosk page does: a test that runs a `gate` command with
 * spawnSync blocks its own event loop, and a silence over PAGE_SILENCE_MS (3 s, reached on a loaded machine)
 * makes the gate drop the page (main/host/heartbeat.ts). Each new socket asks for the view as it is now.
 */
export async function connectViews(url: string): Promise<ViewClient> {
  const { host } = new URL(url);
  let latest: GateView | undefined;
  let closing = false;
  let socket: WebSocket | undefined;
  const take = (v: GateView | undefined): void => {
    if (v !== undefined && v.revision > (latest?.revision ?? -Infinity)) latest = v;
  };
  const connect = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const s = new WebSocket(`ws://${host}/ipc`, [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + pairingSecretOf(url)], { origin: `http://${host}` });
      socket = s;
      s.once('open', () => {
        // Events come with changes; the view as it is now comes by asking.
        s.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'gate:get-view', input: {} }));
        resolve();
      });
      s.once('error', reject);
      s.on('message', (data: Buffer) => {
        if (data.toString() === HEARTBEAT_FRAME) return s.send(HEARTBEAT_FRAME);
        const m = JSON.parse(data.toString()) as { t: string; channel?: string; payload?: GateView; result?: { ok: boolean; value?: GateView } };
        if (m.t === 'event' && m.channel === 'gate:view') take(m.payload);
        if (m.t === 'result' && m.result?.ok === true) take(m.result.value);
      });
      s.once('close', () => {
        if (!closing) setTimeout(() => void (closing ? undefined : connect().catch(() => undefined)), 100).unref();
      });
    });
  await connect();
  return {
    latest: () => latest,
    close: () => {
      closing = true;
      socket?.close();
    },
  };
}

/** How many file descriptors `pid` has open. */
export const openFds = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;

/** The PIDs of `pid`'s child processes (every thread's children). */
export function childPids(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
      .split(' ')
      .filter((p) => p !== '')
      .map(Number),
  );
}
