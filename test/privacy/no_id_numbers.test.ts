/**
 * "No full ID number is ever stored, logged or sent": a day of visitors (ID cards, lowercase x, wrong
 * check digits, fevers, guard registrations that include ID numbers) through the real gate core, then
 * every byte of the SQLite file, its WAL, the other files of the data folder, the debug log and both
 * exports is searched for anything that passes the GB 11643 MOD 11-2 check. Zero hits.
 */
import { generateKeyPairSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { hashPin } from '../../main/auth/pin.js';
import { APP_ROOT, resourcePath } from '../../main/resources.js';
import { mod112CheckChar } from '../../src/identity/resident-id.js';

const VISITORS = 600;
const dir = mkdtempSync(join(tmpdir(), 'gate-privacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every 18-character window that passes the check digit, unless it sits inside a long hex token (a hash). */
export function idNumbersIn(text: string): string[] {
  const hits: string[] = [];
  for (const m of text.matchAll(/(?=([0-9]{17}[0-9Xx]))/g)) {
    const candidate = m[1] ?? '';
    if (mod112CheckChar(candidate.slice(0, 17)) !== candidate[17]?.toUpperCase()) continue;
    let start = m.index;
    let end = m.index + 18;
    while (start > 0 && /[0-9a-f]/.test(text[start - 1] ?? '')) start--;
    while (end < text.length && /[0-9a-f]/.test(text[end] ?? '')) end++;
    if (end - start >= 32) continue; // inside a SHA-256/HMAC hex digest, not an ID number
    hits.push(candidate);
  }
  return hits;
}

it('finds a valid ID number when there is one, and not inside a hash', () => {
  expect(idNumbersIn('{"id":"11010519491231002x"}')).toEqual(['11010519491231002x']);
  expect(idNumbersIn('name,110105194912310021,')).toEqual([]);
  expect(idNumbersIn(`hash ${'ab'.repeat(10)}11010519491231002${'c'.repeat(20)} end`)).toEqual([]);
});

it('stores, logs and exports no full ID number over a day of visitors', { timeout: 120_000 }, () => {
  const authority = generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' });
  const config = join(dir, 'config.json');
  const sim = { device: { kind: 'simulated' } };
  writeFileSync(
    config,
    JSON.stringify({
      dataDir: 'data',
      policyFile: resourcePath('policy', 'wuhan-2020-closed-community.json'),
      guards: [{ id: 'g1', pinHash: hashPin('1357') }],
      authorityPublicKey: authority.x,
      lanes: [{ id: 'day', direction: 'entry', thermometer: { ...sim, offsetC: 1 }, scanner: sim, relay: sim }],
    }),
  );
  const env = { ...process.env, GATE_LOG_LEVEL: 'debug' };
  const day = spawnSync(process.execPath, [join(APP_ROOT, 'out', 'bench', 'demo-day.js'), config, String(VISITORS), '1357'], { env, encoding: 'utf8', maxBuffer: 256 << 20 });
  expect(day.status, day.stderr.slice(-2000)).toBe(0);
  expect(JSON.parse(day.stdout)).toMatchObject({ visitors: VISITORS });
  const log = day.stderr;
  expect(log.split('\n').length).toBeGreaterThan(VISITORS); // the debug log really saw the day

  const cli = (...args: string[]) => spawnSync(process.execPath, [join(APP_ROOT, 'out', 'main', 'cli.js'), ...args, '--config', config], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const jsonl = cli('export', '--format', 'jsonl');
  const csv = cli('export', '--format', 'csv');
  expect(jsonl.status).toBe(0);
  expect(jsonl.stdout.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(VISITORS * 0.8);

  const dataDir = join(dir, 'data');
  const files = readdirSync(dataDir).map((f) => [f, readFileSync(join(dataDir, f)).toString('latin1')] as const);
  expect(files.map(([f]) => f)).toEqual(expect.arrayContaining(['journal.sqlite']));
  const sources: (readonly [string, string])[] = [...files, ['log', log], ['export.jsonl', jsonl.stdout], ['export.csv', csv.stdout]];
  const hits = sources.flatMap(([name, text]) => idNumbersIn(text).map((id) => `${name}: ${id.slice(0, 4)}…`));
  expect(hits).toEqual([]);
});
