/** `gate pair [--rotate]` as a technician (or the kiosk's launcher) runs it: the compiled CLI in a child process. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLI } from '../harness/child-gate.js';

const sim = { device: { kind: 'simulated' } };
const lane = { id: 'l1', direction: 'entry', thermometer: sim, scanner: sim, relay: sim };
const URL_LINE = /^kiosk UI: http:\/\/127\.0\.0\.1:7399\/#pair=([0-9a-f]{64})\n$/;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-pair-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function pair(port: number, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ dataDir: 'data', host: { port }, lanes: [lane] }));
  const r = spawnSync(process.execPath, [CLI, 'pair', '--config', config, ...args], { encoding: 'utf8', env: { ...process.env, GATE_DATA_DIR: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const secretOf = (stdout: string): string => URL_LINE.exec(stdout)?.[1] ?? `no kiosk URL in ${JSON.stringify(stdout)}`;

it('prints the kiosk URL with the secret it keeps in the data folder, the same each time', () => {
  const first = pair(7399);
  expect(first).toMatchObject({ status: 0, stderr: '' });
  const secret = secretOf(first.stdout);
  expect(readFileSync(join(dir, 'data', 'kiosk.pair'), 'utf8')).toBe(`${secret}\n`);
  expect(statSync(join(dir, 'data', 'kiosk.pair')).mode & 0o777).toBe(0o600);
  expect(secretOf(pair(7399).stdout)).toBe(secret);
});

it('--rotate writes a new secret (0600) and prints the new URL', () => {
  const old = secretOf(pair(7399).stdout);
  const rotated = pair(7399, '--rotate');
  expect(rotated).toMatchObject({ status: 0, stderr: '' });
  const secret = secretOf(rotated.stdout);
  expect(secret).not.toBe(old);
  expect(readFileSync(join(dir, 'data', 'kiosk.pair'), 'utf8')).toBe(`${secret}\n`);
  expect(statSync(join(dir, 'data', 'kiosk.pair')).mode & 0o777).toBe(0o600);
  expect(secretOf(pair(7399).stdout)).toBe(secret);
});

it('says so when it replaces an unfit file', () => {
  const old = secretOf(pair(7399).stdout);
  chmodSync(join(dir, 'data', 'kiosk.pair'), 0o644);
  const again = pair(7399);
  expect(again.stderr).toContain('warning: pair.replaced: ');
  expect(again.stderr).toContain('its mode is 0644, not 0600');
  expect(secretOf(again.stdout)).not.toBe(old);
});

it('refuses a config whose port is picked at each start, and a wrong option, with exit 2', () => {
  const zero = pair(0);
  expect(zero.stderr).toMatch(/^pair\.no-fixed-port: host\.port in .*config\.json is 0/);
  expect(zero.status).toBe(2);
  const bad = pair(7399, '--rotat');
  expect(bad.stderr).toContain('gate pair [--rotate]');
  expect(bad.status).toBe(2);
});
