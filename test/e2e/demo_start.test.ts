/**
 * What the README's first command does: the gate starts headless on the embedded default (demo policy,
 * simulated devices, local SQLite), says why it is headless, and the demo visitors produce admitted and
 * denied decisions within 60 s, on the page and in `export` run while the gate is running. The demo policy
 * records non-residents' details, so the admits are the demo residents (main/demo/residents.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_CONFIG_FILE } from '../../main/config/load.js';
import { APP_ROOT } from '../../main/resources.js';
import { openKiosk } from '../harness/browser.js';
import { waitFor } from '../harness/gate.js';

const CLI = join(APP_ROOT, 'out', 'main', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'gate-demo-'));
const config = join(dir, 'config.json');
const env = { ...process.env, GATE_DATA_DIR: join(dir, 'data'), DISPLAY: '' };
let child: ChildProcess | undefined;
let kiosk: Awaited<ReturnType<typeof openKiosk>> | undefined;

afterAll(async () => {
  await kiosk?.close();
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

function exportLines(format: 'jsonl' | 'csv', ...extra: string[]): string[] {
  const r = spawnSync(process.execPath, [CLI, 'export', '--format', format, '--config', config, ...extra], { env, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '');
}

it('starts on the embedded default and shows admits and denies within 60 s, on the page and in export', { timeout: 90_000 }, async () => {
  const defaults = JSON.parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
  writeFileSync(config, JSON.stringify({ ...defaults, host: { port: 0 } }));
  const started = Date.now();
  const proc = spawn(process.execPath, [CLI, 'start', '--config', config], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await waitFor('the kiosk URL', () => /kiosk UI: (http:\/\/127\.0\.0\.1:\d+\/#pair=[0-9a-f]{64})/.exec(out)?.[1], 15_000);
  expect(out).toMatch(/starting headless: /);

  kiosk = await openKiosk(url);
  await kiosk.page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { seenVerdicts: Set<string> }).seenVerdicts = seen;
    new MutationObserver(() => {
      const v = document.querySelector('[data-testid="verdict"]')?.getAttribute('data-verdict');
      if (v) seen.add(v);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });

  const verdicts = await waitFor(
    'admit and deny in the export',
    () => {
      const rows = exportLines('jsonl').map((l) => JSON.parse(l) as { verdict: string });
      const set = new Set(rows.map((r) => r.verdict));
      return set.has('admit') && set.has('deny') ? rows : undefined;
    },
    60_000 - (Date.now() - started),
  );
  const onPage = await kiosk.page.evaluate(() => [...(window as unknown as { seenVerdicts: Set<string> }).seenVerdicts]);
  expect(onPage).toEqual(expect.arrayContaining(['admit', 'deny']));

  const first = JSON.parse(exportLines('jsonl')[0] ?? '{}') as Record<string, unknown>;
  expect(Object.keys(first)).toEqual(expect.arrayContaining(['id', 'seq', 'at', 'lane', 'direction', 'verdict', 'rules', 'policy']));
  expect(first['policy']).toMatchObject({ id: 'demo-wuhan-2020', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect((first['rules'] as Record<string, unknown>[])[0]).toEqual(expect.objectContaining({ id: 'identity', kind: 'identity', outcome: expect.any(String), values: expect.any(Object) }));
  // Each citation carries the clause in the notice's own words, from the catalogue.
  expect((first['rules'] as { cites: { quote: { text: string }[] } }[])[0]?.cites.quote[0]?.text).toContain('身份必问');
  expect(JSON.stringify(verdicts)).not.toMatch(/\d{17}[\dX]/); // no full ID number in the record
  // Every reading in the export says what it was made of (the demo config: offset 1.0, no compensation).
  const readings = exportLines('jsonl').flatMap((l) => (JSON.parse(l) as { rules: { kind: string; values: { readings?: unknown[] } }[] }).rules.flatMap((r) => (r.kind === 'temperature' ? (r.values.readings ?? []) : [])));
  expect(readings.length).toBeGreaterThan(0);
  for (const r of readings) {
    expect(r).toEqual({ bodyC: expect.any(Number), rawC: expect.any(Number), ambientC: expect.any(Number), offsetC: 1, compensation: 'none', samples: expect.any(Number) });
  }

  const csv = exportLines('csv');
  expect(csv[0]).toMatch(/^seq,id,at,lane,direction,verdict,/);
  expect(csv.length).toBeGreaterThanOrEqual(verdicts.length + 1);
  expect(exportLines('jsonl', '--since', '2999-01-01T00:00:00Z')).toEqual([]);
  const bad = spawnSync(process.execPath, [CLI, 'export', '--format', 'jsonl', '--since', 'yesterday', '--config', config], { env, encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('since');
});
