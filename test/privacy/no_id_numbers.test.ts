/**
 * "No full ID number is ever stored, logged or sent": a day of visitors (ID cards, lowercase x, refused scans
 * that hold valid ID numbers, wrong check digits, fevers, guard registrations that include ID numbers) through
 * the real gate core at debug log level, scanned (id-scan.ts) while the gate is open — its WAL holding the day —
 * and again after it closed: every byte of every file in the data folder, the database row by row and column
 * by column, the log and both exports. Zero findings. A second, shorter day plants a valid ID number through
 * real paths (an operator's residents file with the number as household, stored beside its ref; a technician's
 * unredacted debug line of the raw scan) and the same scan must find it in each place it went.
 */
import { generateKeyPairSync } from 'node:crypto';
import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { hashPin } from '../../main/auth/pin.js';
import { APP_ROOT, resourcePath } from '../../main/resources.js';
import { keyedRef } from '../../src/identity/classify.js';
import { maskResidentId } from '../../src/identity/resident-id.js';
import { waitFor } from '../harness/gate.js';
import { type Finding, bytesIn, databaseFindings, idNumbersIn, knownSet } from './id-scan.js';

const CLI = join(APP_ROOT, 'out', 'main', 'cli.js');
const DEMO_DAY = join(APP_ROOT, 'out', 'bench', 'demo-day.js');
const PLANTED = '420106199003150032';
const root = mkdtempSync(join(tmpdir(), 'gate-privacy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeGateConfig(dir: string): string {
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
  return config;
}

const cli = (config: string, ...args: string[]): SpawnSyncReturns<string> =>
  spawnSync(process.execPath, [CLI, ...args, '--config', config], { encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, GATE_LOG_LEVEL: 'silent' } });

interface Day {
  readonly summary: { visitors: number; decisions: number; idNumbers: string[] };
  /** The debug log so far. */
  readonly log: () => string;
  /** Ends stdin, so the day closes its gate; resolves when it has exited 0. */
  readonly close: () => Promise<void>;
}

/** Runs `bench/demo-day` with `--hold`: resolves once the day is done and the gate still open. */
async function startDay(config: string, visitors: number, ...extra: string[]): Promise<Day> {
  const child = spawn(process.execPath, [DEMO_DAY, config, String(visitors), '1357', '--hold', ...extra], {
    env: { ...process.env, GATE_LOG_LEVEL: 'debug' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = await waitFor('the day to be done', () => (out.includes('\n') ? out.slice(0, out.indexOf('\n')) : child.exitCode !== null && `exited ${child.exitCode}`), 120_000);
  if (!line.startsWith('{')) throw new Error(`${line}: ${err.slice(-2000)}`);
  return {
    summary: JSON.parse(line) as Day['summary'],
    log: () => err,
    close: async () => {
      child.stdin.end();
      expect(await exited, err.slice(-2000)).toBe(0);
      expect(out).toContain('{"closed":true}');
    },
  };
}

interface Sources {
  readonly dataDir: string;
  readonly config: string;
  readonly log: string;
}

/**
 * Every file of the data folder byte by byte, the database column by column, the log, and both exports (run
 * now, so while the gate is open too); the hashes the database holds are the only exemption (id-scan.ts).
 */
function findings({ dataDir, config, log }: Sources, known: ReadonlySet<string> = new Set()): Finding[] {
  const jsonl = cli(config, 'export', '--format', 'jsonl');
  const csv = cli(config, 'export', '--format', 'csv');
  expect(jsonl.status, jsonl.stderr).toBe(0);
  expect(csv.status, csv.stderr).toBe(0);
  const db = databaseFindings(join(dataDir, 'journal.sqlite'), known);
  const context = { known, hashes: db.hashes };
  return [
    ...readdirSync(dataDir).flatMap((f) => bytesIn(readFileSync(join(dataDir, f)), f, context)),
    ...db.findings,
    ...idNumbersIn(log, 'log', context),
    ...idNumbersIn(jsonl.stdout, 'export.jsonl', context),
    ...idNumbersIn(csv.stdout, 'export.csv', context),
  ];
}

/** The WAL of an open gate holds committed decisions that the main file may not have yet. */
function expectWalHoldsDecisions(dataDir: string): void {
  const wal = join(dataDir, 'journal.sqlite-wal');
  expect(existsSync(wal)).toBe(true);
  expect(statSync(wal).size).toBeGreaterThan(32); // more than a WAL header: frames
  expect(readFileSync(wal).includes(Buffer.from('"verdict":'))).toBe(true);
}

const debugLines = (log: string): { ns?: string; msg?: string; text?: string }[] =>
  log
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { ns?: string; msg?: string; text?: string });

it('stores, logs and exports no full ID number over a day of visitors, while the gate is open and after it closed', { timeout: 180_000 }, async () => {
  const VISITORS = 600;
  const dir = mkdtempSync(join(root, 'day-'));
  const config = writeGateConfig(dir);
  const dataDir = join(dir, 'data');
  const day = await startDay(config, VISITORS);
  const known = knownSet(day.summary.idNumbers);
  expect(day.summary.visitors).toBe(VISITORS);
  expect(known.size).toBeGreaterThan(VISITORS); // every card, plus wrong check digits and the numbers in refused scans

  expectWalHoldsDecisions(dataDir);
  expect(findings({ dataDir, config, log: day.log() }, known)).toEqual([]);

  await day.close();
  const log = day.log();
  const lines = debugLines(log);
  expect(lines.length).toBeGreaterThan(VISITORS); // the debug log really saw the day
  const traced = lines.filter((l) => l.ns === 'gate:lane:day' && l.msg === 'scan received').map((l) => l.text ?? '');
  expect(traced.length).toBeGreaterThan(VISITORS * 0.8); // every raw scan went through the technician's debug line…
  expect(traced.filter((t) => /^[0-9]{4}\*{10}[0-9Xx]{4}$/.test(t)).length).toBeGreaterThan(VISITORS / 2); // …masked
  expect(traced.filter((t) => t.startsWith(']Q1') || t.startsWith('ID:')).length).toBeGreaterThan(0); // refused scans too
  expect(findings({ dataDir, config, log }, known)).toEqual([]);
  const db = new Database(join(dataDir, 'journal.sqlite'), { readonly: true });
  expect(db.prepare('SELECT count(*) FROM decisions').pluck().get()).toBeGreaterThanOrEqual(VISITORS * 0.8);
  db.close();
});

it('finds a valid ID number planted through real paths: beside its ref, in the WAL of the open gate, the log and the exports', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(root, 'plant-'));
  const config = writeGateConfig(dir);
  const dataDir = join(dir, 'data');
  // An operator's residents file with the ID number in the household column, imported as the README says.
  const districtKey = resourcePath('registers', 'examples', 'district-key.json');
  expect(cli(config, 'import', 'district-key', '--file', districtKey).status).toBe(0);
  writeFileSync(join(dir, 'residents.json'), JSON.stringify([{ idNumber: PLANTED, household: PLANTED }]));
  const imported = cli(config, 'import', 'residents', '--file', join(dir, 'residents.json'));
  expect(imported.status, imported.stderr).toBe(0);
  const ref = keyedRef(Buffer.from((JSON.parse(readFileSync(districtKey, 'utf8')) as { key: string }).key, 'hex'), 'resident-id', PLANTED);
  expect(readFileSync(join(dataDir, 'journal.sqlite')).includes(Buffer.from(`${ref}${PLANTED}`))).toBe(true); // stored beside a hash, no separator

  const day = await startDay(config, 40, '--plant', PLANTED);
  expectWalHoldsDecisions(dataDir);
  const sources = (): Sources => ({ dataDir, config, log: day.log() });
  // No known numbers: what finds the plant is the check digit alone, with only whole hashes exempt.
  const whereOpen = findings(sources()).map((f) => f.where);
  expect(whereOpen).toEqual(
    expect.arrayContaining([
      'journal.sqlite', // residents: ref‖household
      'journal.sqlite-wal', // the planted resident's decision, not yet checkpointed
      'residents.household row 1',
      'log', // the technician's unredacted line
      'export.jsonl',
      'export.csv',
    ]),
  );
  expect(whereOpen.some((w) => /^decisions\.body row \d+ \$\.household$/.test(w))).toBe(true);
  // The product's own debug line for that scan stays masked: the finding in the log is the technician's.
  const lines = debugLines(day.log()).filter((l) => l.msg === 'scan received');
  expect(lines.filter((l) => l.ns === 'gate:lane:day').map((l) => l.text)).toContain(maskResidentId(PLANTED));
  expect(lines.filter((l) => l.ns === 'bench:technician-tap').map((l) => l.text)).toContain(PLANTED);
  expect(debugLines(day.log()).filter((l) => l.ns === 'gate:lane:day' && idNumbersIn(JSON.stringify(l), 'line', { known: knownSet([PLANTED]) }).length > 0)).toEqual([]);

  await day.close();
  const whereClosed = findings(sources()).map((f) => f.where);
  expect(whereClosed).toEqual(expect.arrayContaining(['journal.sqlite', 'residents.household row 1', 'log', 'export.jsonl', 'export.csv']));
  expect(whereClosed.some((w) => /^decisions\.body row \d+ \$\.household$/.test(w))).toBe(true);
  // Outside the log (where the tap wrote every scan) nothing else was found: with the plant as the one known number, every finding is it.
  expect(findings(sources(), knownSet([PLANTED])).filter((f) => f.why !== 'known' && f.where !== 'log')).toEqual([]);
  expect(findings(sources(), knownSet(day.summary.idNumbers)).filter((f) => f.where === 'log').length).toBeGreaterThan(30);
});
