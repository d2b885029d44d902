/**
 * The last resort (main/last-resort.ts) in the real `gate start --headless` process: a fault nothing catches
 * (a signal handler that throws, or a rejection nobody handles, injected with `node --import`) is logged
 * fatal, the relay — a real LCUS simulator on a pty the test owns — is driven to its safe state, and the process exits
 * 70 (EX_SOFTWARE) for the service manager to restart it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LcusRelaySimulator } from '../../drivers/relay/lcus/simulator.js';
import { openPtyPair, type PtyPair } from '../../drivers/pty/socat-pair.js';
import { EXIT_SOFTWARE } from '../../main/last-resort.js';
import { APP_ROOT } from '../../main/resources.js';
import { waitFor } from '../harness/gate.js';

const CLI = join(APP_ROOT, 'out', 'main', 'cli.js');
const CHANNEL = 3;
/** Preloaded into the gate: SIGUSR2 throws from its handler, or leaves a rejection unhandled (FAULT=reject). */
const FAULT = `process.on('SIGUSR2', () => {
  if (process.env.FAULT === 'reject') void Promise.reject(new Error('injected rejection'));
  else throw new Error('injected fault');
});`;

/** Channels 1 … CHANNEL off: the default safe state the gate drives at start and on its way out. */
const SAFE_STATE = Array.from({ length: CHANNEL }, (_, i) => ({ channel: i + 1, on: false }));
const offCommands = () => relay.commands().map(({ channel, on }) => ({ channel, on }));

let dir: string;
let pair: PtyPair;
let relay: LcusRelaySimulator;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gate-last-resort-'));
  const p = await openPtyPair();
  if (!p.ok) throw new Error(p.error.message);
  pair = p.value;
  const r = await LcusRelaySimulator.open(pair.devicePath);
  if (!r.ok) throw new Error(r.error.message);
  relay = r.value;
});
afterEach(async () => {
  await relay.close();
  await pair.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(): string {
  const sim = { device: { kind: 'simulated' } };
  // The relay is the test's pty, by its /dev/pts name (the pair's link lives in a temp folder).
  const relayPath = realpathSync(pair.hostPath);
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ dataDir: 'data', host: { port: 0 }, lanes: [{ id: 'l1', direction: 'entry', thermometer: sim, scanner: sim, relay: { device: { kind: 'serial', path: relayPath }, channel: CHANNEL } }] }));
  return file;
}

describe('the last resort of gate start', () => {
  it.each(['throw', 'reject'])('on an unhandled fault (%s): logs it fatal, drives the relay to its safe state, exits 70', { timeout: 40_000 }, async (fault) => {
    const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(FAULT)}`, CLI, 'start', '--headless', '--config', writeConfig()], {
      env: { ...process.env, GATE_LOG_LEVEL: 'warn', FAULT: fault },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await waitFor('the kiosk URL', () => stdout.includes('kiosk UI: '), 20_000);
      // At start every channel up to the gate's went to its safe state (off); nothing since.
      expect(offCommands()).toEqual(SAFE_STATE);
      const faultAt = Date.now();
      child.kill('SIGUSR2');
      expect(await exited).toBe(EXIT_SOFTWARE);
      expect(Date.now() - faultAt).toBeLessThan(5000);
    } finally {
      child.kill('SIGKILL');
    }
    await waitFor('the safe state again on the relay pty', () => relay.commands().length >= 2 * SAFE_STATE.length, 2000);
    expect(offCommands()).toEqual([...SAFE_STATE, ...SAFE_STATE]);
    const fatal = stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string; error?: string })
      .filter((l) => l.level === 60);
    expect(fatal).toEqual([expect.objectContaining({ msg: expect.stringMatching(fault === 'throw' ? /^uncaught exception/ : /^unhandled rejection/), error: expect.stringContaining(fault === 'throw' ? 'Error: injected fault' : 'Error: injected rejection') })]);
  });
});
