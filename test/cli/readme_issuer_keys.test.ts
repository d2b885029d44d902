/**
 * The README's "Signed QR codes" commands, run as written (from a fresh folder, the embedded default
 * config): `gate issuer-keygen … --out keys/`, then `gate import issuer-keys --file keys/hc-1.public.json`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { APP_ROOT } from '../../main/resources.js';

const CLI = join(APP_ROOT, 'out', 'main', 'cli.js');
const NPM_GATE = 'npm run gate -- ';

/** The README line that runs `gate <command>`, as its words (the lines have no quoting). */
function readmeCommand(command: string): string[] {
  const line = readFileSync(join(APP_ROOT, 'README.md'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${NPM_GATE}${command} `));
  if (line === undefined) throw new Error(`README.md has no "${NPM_GATE}${command} …" line`);
  return line.slice(NPM_GATE.length).trim().split(/\s+/);
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-readme-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const gate = (args: readonly string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, GATE_DATA_DIR: '' }, timeout: 30_000 });

it('imports the one key issuer-keygen wrote, exactly as the README says', () => {
  const keygen = gate(readmeCommand('issuer-keygen'));
  expect(keygen.status, keygen.stderr).toBe(0);
  const imported = gate(readmeCommand('import issuer-keys'));
  expect(imported.stderr).toBe('');
  expect(imported.stdout).toMatch(/^imported issuer-keys: 1 row \(replacing 0\) into .*journal\.sqlite$/m);
  expect(imported.status).toBe(0);
});

it('still imports an array of keys, and names a bad one by its row', () => {
  expect(gate(readmeCommand('issuer-keygen')).status).toBe(0);
  const key = JSON.parse(readFileSync(join(dir, 'keys', 'hc-1.public.json'), 'utf8')) as Record<string, unknown>;
  const file = join(dir, 'keys.json');
  const write = (doc: unknown): void => writeFileSync(file, JSON.stringify(doc));
  write([key, { ...key, kid: 'hc-2' }]);
  const both = gate(['import', 'issuer-keys', '--file', file]);
  expect(both.stdout).toMatch(/^imported issuer-keys: 2 rows/);
  write({ ...key, issuer: '' });
  const bad = gate(['import', 'issuer-keys', '--file', file]);
  expect(bad.stderr).toMatch(/^import\.invalid: row 1: issuer: /m);
  expect(bad.status).toBe(1);
});
