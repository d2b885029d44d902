import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSV_HEADER, exportDecisions } from '../../main/journal/export.js';
import { Journal } from '../../main/journal/journal.js';
import { shippedCatalogue } from '../../main/notices/load.js';
import { lowerBound, storedInstant } from '../../main/journal/time.js';
import { collect, input, plainColumns, startWriter, tempDir } from './helpers.js';
import { runCommand, sqlite3Cli, writeConfig } from './run-command.js';

let tmp: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  file = join(tmp.dir, 'journal.sqlite');
});
afterEach(() => tmp.remove());

function journalWith(...inputs: Parameters<typeof input>[]): void {
  const j = Journal.open(file);
  if (!j.ok) throw new Error(j.error.code);
  for (const args of inputs) expect(j.value.record(input(...args)).ok).toBe(true);
  j.value.close();
}

function exported(opts: Parameters<typeof exportDecisions>[1]): string[] {
  const lines: string[] = [];
  const r = exportDecisions(file, opts, collect(lines));
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  expect(r.value.bad).toBe(0);
  expect(r.value.count).toBe(opts.format === 'csv' ? lines.length - 1 : lines.length);
  return lines;
}

describe('clause quotes', () => {
  it('carries each cited clause in the notice’s own words from the catalogue, in jsonl and csv; an unknown clause has none', () => {
    const rule = (clause: string) => ({ id: `r-${clause}`, kind: 'mask' as const, outcome: 'PASSED' as const, effect: 'none' as const, values: {}, cites: { notice: 'wuhan-2020-04-02', clause } });
    journalWith([0, { decision: { rules: [rule('4'), rule('99')] } }]);
    const catalogue = shippedCatalogue();
    const [line] = exported({ format: 'jsonl', catalogue });
    const rules = (JSON.parse(line ?? '{}') as { rules: { cites: { quote?: { language: string; translation: boolean; text: string }[] } }[] }).rules;
    const four = catalogue.get('wuhan-2020-04-02')?.clauses.find((c) => c.id === '4');
    expect(rules[0]?.cites.quote).toEqual([
      { language: 'zh', translation: false, text: four?.text['zh'] },
      { language: 'en', translation: true, text: four?.text['en'] },
    ]);
    expect(rules[1]?.cites).toEqual({ notice: 'wuhan-2020-04-02', clause: '99' });
    expect(exported({ format: 'csv', catalogue })[1]).toContain('口罩必戴');
    expect(exported({ format: 'jsonl' })[0]).not.toContain('quote'); // without a catalogue: the body as hashed
  });
});

describe('jsonl', () => {
  it('one object per decision in seq order, seq first, then the canonical body', () => {
    journalWith([0], [1, { subject: null, ending: 'step-timeout', decision: { verdict: 'refer', notes: ['policy-expired'] } }]);
    const lines = exported({ format: 'jsonl' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\{"seq":1,"at":/);
    expect(JSON.parse(lines[1] ?? '')).toEqual({
      seq: 2,
      id: 'd-1',
      at: '2024-05-01T10:00:01.000Z',
      lane: 'lane-1',
      direction: 'entry',
      verdict: 'refer',
      subject: null,
      ending: 'step-timeout',
      rules: [
        {
          id: 'temperature.fever',
          kind: 'temperature',
          outcome: 'FAILED',
          effect: 'deny',
          values: { readingsC: [37.6, 37.8], thresholdC: 37.3 },
          cites: { notice: 'notice-2020-07', clause: '二(三)' },
        },
        {
          id: 'mask.required',
          kind: 'mask',
          outcome: 'PASSED',
          effect: 'none',
          values: { kind: 'self-declared' },
          cites: { notice: 'notice-2020-07', clause: '二(四)' },
        },
      ],
      notes: ['policy-expired'],
      policy: { id: 'district-7', version: '2024.05.01', sha256: 'ab'.repeat(32) },
      clock: { source: 'system-ntp', trusted: true, lastGoodSync: Date.parse('2024-05-01T09:00:00.000Z') },
      registration: null,
      household: null,
    });
  });

  it('carries the clock, the registration (which fields, never their contents) and the household', () => {
    const registration = { sealedId: 'sealed-1', fields: ['name', 'phone'] as const, category: 'delivery' as const, by: 'guard-7' };
    journalWith([0, { registration, household: 'B3-1201', decision: { clock: { source: 'rtc', trusted: false, lastGoodSync: null } } }]);
    const [line] = exported({ format: 'jsonl' });
    expect(JSON.parse(line ?? '')).toMatchObject({
      clock: { source: 'rtc', trusted: false, lastGoodSync: null },
      registration: { sealedId: 'sealed-1', fields: ['name', 'phone'], category: 'delivery', by: 'guard-7' },
      household: 'B3-1201',
    });
  });

  it('exports decisions journaled before the clock, registration and household existed, as they were hashed', () => {
    journalWith([0]);
    const side = new Database(file);
    const sha = 'ab'.repeat(32);
    const old = `{"at":"2024-05-01T10:00:00.000Z","direction":"entry","ending":"complete","id":"d-0","lane":"lane-1","notes":[],"policy":{"id":"district-7","sha256":"${sha}","version":"2024.05.01"},"rules":[],"subject":null,"verdict":"deny"}`;
    side.prepare('UPDATE decisions SET body = ? WHERE seq = 1').run(old);
    side.close();
    expect(exported({ format: 'jsonl' })).toEqual([`{"seq":1,${old.slice(1)}`]);
  });

  it('the line after seq is byte for byte the hashed body', () => {
    journalWith([0]);
    const bare = new Database(file, { readonly: true });
    const body = String(bare.prepare('SELECT body FROM decisions').pluck().get());
    bare.close();
    expect(exported({ format: 'jsonl' })).toEqual([`{"seq":1,${body.slice(1)}`]);
  });
});

describe('csv', () => {
  it('a header, then RFC 4180 records with rules and notes as JSON strings', () => {
    journalWith([0, { lane: 'north, gate "A"', subject: { kind: 'qr-pass', masked: 'QR***42' } }], [1, { subject: null }]);
    const lines = exported({ format: 'csv' });
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    expect(lines[0]).toBe(
      'seq,id,at,lane,direction,verdict,policy_id,policy_version,policy_sha256,ending,subject_kind,subject_masked,rules,notes,' +
        'clock_source,clock_trusted,clock_last_good_sync,household,registration',
    );
    const rules =
      '"[{""cites"":{""clause"":""二(三)"",""notice"":""notice-2020-07""},""effect"":""deny"",""id"":""temperature.fever"",""kind"":""temperature"",""outcome"":""FAILED"",""values"":{""readingsC"":[37.6,37.8],""thresholdC"":37.3}},' +
      '{""cites"":{""clause"":""二(四)"",""notice"":""notice-2020-07""},""effect"":""none"",""id"":""mask.required"",""kind"":""mask"",""outcome"":""PASSED"",""values"":{""kind"":""self-declared""}}]"';
    const policy = `district-7,2024.05.01,${'ab'.repeat(32)}`;
    const clock = `system-ntp,true,${Date.parse('2024-05-01T09:00:00.000Z')}`;
    expect(lines[1]).toBe(`1,d-0,2024-05-01T10:00:00.000Z,"north, gate ""A""",entry,deny,${policy},complete,qr-pass,QR***42,${rules},[],${clock},,`);
    expect(lines[2]).toBe(`2,d-1,2024-05-01T10:00:01.000Z,lane-1,entry,deny,${policy},complete,,,${rules},[],${clock},,`);
  });
});

describe('since', () => {
  beforeEach(() => journalWith([0], [1], [2, { decision: { at: '2024-05-01T18:00:02.500+08:00' } }], [3]));
  const ids = (since: string): string[] => exported({ format: 'jsonl', since }).map((l) => String(JSON.parse(l).id));

  it('keeps decisions at or after the instant, whatever zone either is written in', () => {
    expect(ids('2024-05-01T10:00:01Z')).toEqual(['d-1', 'd-2', 'd-3']);
    expect(ids('2024-05-01T18:00:02.5+08:00')).toEqual(['d-2', 'd-3']);
    expect(ids('2024-05-01T10:00:02.5001Z')).toEqual(['d-3']);
    expect(ids('2024-05-01T09:00:00-01:00')).toEqual(['d-0', 'd-1', 'd-2', 'd-3']);
    expect(ids('2030-01-01T00:00:00Z')).toEqual([]);
  });

  it.each(['yesterday', '2024-05-01', '2024-05-01T10:00:00', '2024-02-30T00:00:00Z', ''])('refuses %j as export.bad-since', (since) => {
    expect(exportDecisions(file, { format: 'jsonl', since }, collect())).toMatchObject({ ok: false, error: { code: 'export.bad-since' } });
  });

  it('stored instants sort as times do', () => {
    expect(storedInstant('2024-05-01T08:00:00+08:00')).toBe('2024-05-01T00:00:00.000Z');
    expect(storedInstant('2024-05-01T00:00:00.123456Z')).toBe('2024-05-01T00:00:00.123Z');
    expect(lowerBound('2024-05-01T00:00:00.123456Z')).toBe('2024-05-01T00:00:00.124Z');
    expect(lowerBound('2024-05-01T00:00:00.123000Z')).toBe('2024-05-01T00:00:00.123Z');
    expect(storedInstant('9999-12-31T23:00:00-05:00')).toBeUndefined();
  });
});

describe('failures', () => {
  it('a missing journal is export.no-journal, and is not created', () => {
    expect(exportDecisions(file, { format: 'csv' }, collect())).toMatchObject({ ok: false, error: { code: 'export.no-journal' } });
    expect(existsSync(file)).toBe(false);
  });

  it('a column cannot be edited apart from its body: the sqlite3 shell is refused, and a body edit moves the column with it', () => {
    journalWith([0]);
    const shell = spawnSync(sqlite3Cli(), [file, "UPDATE decisions SET verdict = 'admit' WHERE seq = 1;"], { encoding: 'utf8' });
    expect(shell.status).not.toBe(0);
    expect(shell.stderr).toMatch(/cannot UPDATE generated column "verdict"/);
    const side = new Database(file);
    side.exec(`UPDATE decisions SET body = replace(body, '"verdict":"deny"', '"verdict":"admit"') WHERE seq = 1`);
    expect(side.prepare('SELECT verdict FROM decisions').pluck().get()).toBe('admit');
    side.close();
    expect(JSON.parse(exported({ format: 'jsonl' })[0] ?? '')).toMatchObject({ seq: 1, verdict: 'admit' }); // and verify names seq 1 (verify_cli.test.ts)
  });
});

describe('bad rows', () => {
  beforeEach(() => {
    journalWith([0], [1], [2], [3]);
    const side = new Database(file);
    plainColumns(side);
    side.exec("UPDATE decisions SET verdict = 'admit' WHERE seq = 2; UPDATE decisions SET body = '{' WHERE seq = 3;");
    side.close();
  });

  it('are reported as export.bad-row with their seq and id, and the rows after them are exported', () => {
    const lines: string[] = [];
    const bad: string[] = [];
    const r = exportDecisions(file, { format: 'jsonl' }, { line: (l) => lines.push(l), badRow: (f) => bad.push(`${f.code}: ${f.message}`) });
    expect(r).toEqual({ ok: true, value: { count: 2, bad: 2 } });
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 4]);
    expect(bad).toEqual([
      'export.bad-row: decision 2 (d-1): its verdict column says "admit", its body "deny"',
      'export.bad-row: decision 3 (d-2): its body is not JSON',
    ]);
  });

  it('gate export reports each on stderr, goes on, and exits 1 with their count', () => {
    const config = writeConfig(tmp.dir, tmp.dir);
    const r = runCommand('cli/export.js', 'exportCommand', ['--format', 'csv', '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\r\n').filter((l) => l !== '').map((l) => l.split(',')[0])).toEqual(['seq', '1', '4']);
    expect(r.stderr.split('\n')).toEqual([
      'export.bad-row: decision 2 (d-1): its verdict column says "admit", its body "deny"',
      'export.bad-row: decision 3 (d-2): its body is not JSON',
      'export.bad-rows: 2 bad rows (reported above, not exported); 2 exported',
      '',
    ]);
  });
});

describe('while another process writes', () => {
  it('exports every decision acknowledged before it started, in seq order, and the writer keeps going', async () => {
    const writer = startWriter(file);
    try {
      await writer.acks(200);
      const ackedBefore = [...writer.acked];
      const lines = exported({ format: 'jsonl' });
      const rows = lines.map((l) => JSON.parse(l) as { seq: number; id: string });
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
      const exportedIds = new Set(rows.map((r) => r.id));
      expect(ackedBefore.filter((id) => !exportedIds.has(id))).toEqual([]);
      const csv = exported({ format: 'csv' });
      expect(csv.length - 1).toBeGreaterThanOrEqual(rows.length);
      const afterExport = writer.acked.length;
      await writer.acks(afterExport + 1);
    } finally {
      const { signal } = await writer.kill();
      expect(signal).toBe('SIGKILL');
    }
    // The writer died mid-stream, leaving a hot WAL: a readonly export still sees every acknowledged decision.
    const ids = new Set(exported({ format: 'jsonl' }).map((l) => String(JSON.parse(l).id)));
    expect(writer.acked.filter((id) => !ids.has(id))).toEqual([]);
  });
});
