/**
 * `gate purge` refuses a clock it cannot trust: the manual command (its own process, the gate not running)
 * under a clock 9 days ahead (libfaketime) after the gate detected the jump, and under a clock earlier than
 * the journal's latest entry. Nothing is deleted and no checkpoint is signed.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClockMonitor } from '../../main/clock/monitor.js';
import { Journal } from '../../main/journal/journal.js';
import { deviceSigner } from '../../main/journal/device-key.js';
import { purge } from '../../main/journal/purge.js';
import { input, tempDir } from './helpers.js';
import { runCommand, writeConfig } from './run-command.js';

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const DAY = 86_400_000;
const faketime = (offset: string): NodeJS.ProcessEnv => ({ LD_PRELOAD: LIBFAKETIME, FAKETIME: offset, FAKETIME_DONT_FAKE_MONOTONIC: '1' });

let tmp: ReturnType<typeof tempDir>;
let config: string;
let file: string;
beforeEach(() => {
  if (!existsSync(LIBFAKETIME)) throw new Error(`${LIBFAKETIME} is missing: install Debian's faketime package`);
  tmp = tempDir();
  const dataDir = join(tmp.dir, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  config = writeConfig(tmp.dir, dataDir);
  file = join(dataDir, 'journal.sqlite');
});
afterEach(() => tmp.remove());

/** Journals ten decisions `ageDays` old (by the real clock), with the gate's clock monitor restored on the journal; returns it. */
function gateRun(ageDays: number, wall: { now: number }): { journal: Journal; monitor: ClockMonitor } {
  const j = Journal.open(file);
  if (!j.ok) throw new Error(j.error.message);
  const at = Date.now() - ageDays * DAY;
  for (let n = 0; n < 10; n++) expect(j.value.record(input(n, { decision: { at: new Date(at + n * 1000).toISOString() } })).ok).toBe(true);
  let mono = 0;
  const monitor = new ClockMonitor({ source: 'system-ntp', events: j.value, toleranceMs: 2000, wallNow: () => wall.now, monoNow: () => (mono += 1000) });
  monitor.restore(j.value);
  return { journal: j.value, monitor };
}

const counts = (): { decisions: number; checkpoints: number } => {
  const db = new Database(file, { readonly: true });
  try {
    return { decisions: Number(db.prepare('SELECT count(*) FROM decisions').pluck().get()), checkpoints: Number(db.prepare('SELECT count(*) FROM checkpoints').pluck().get()) };
  } finally {
    db.close();
  }
};

describe('gate purge and the clock', () => {
  it('refuses under a clock 9 days ahead after the gate detected the jump: purge.clock-untrusted, exit 1, nothing deleted, no checkpoint', () => {
    const wall = { now: Date.now() };
    const { journal, monitor } = gateRun(3, wall);
    wall.now += 9 * DAY; // the jump, seen by the running gate
    expect(monitor.reading().trusted).toBe(false);
    monitor.detach();
    journal.close();
    // 3-day-old decisions look 12 days old to the faked clock: a 7-day retention would delete them all.
    const r = runCommand('journal/cli.js', 'purgeCommand', ['--days', '7', '--config', config], faketime('+9d'));
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/^purge\.clock-untrusted: nothing purged: the gate distrusts its clock \(jump-forwards\)/);
    expect(counts()).toEqual({ decisions: 10, checkpoints: 0 });
    // The control: the same purge on the real clock with a trusted state goes ahead (and deletes nothing that young).
    const j = Journal.open(file);
    if (!j.ok) throw new Error(j.error.message);
    const m = new ClockMonitor({ source: 'system-ntp', events: j.value, toleranceMs: 2000 });
    m.restore(j.value);
    expect(m.markSynced({ source: 'ntp:chrony', offsetMs: 1 })).toBe('trusted');
    m.detach();
    j.value.close();
    expect(runCommand('journal/cli.js', 'purgeCommand', ['--days', '7', '--config', config])).toMatchObject({ code: 0 });
    expect(runCommand('journal/cli.js', 'purgeCommand', ['--days', '2', '--config', config])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^purged 10 decisions/) });
  });

  it('refuses a clock earlier than the journal’s latest entry: purge.clock-behind-journal', () => {
    const wall = { now: Date.now() };
    const { journal, monitor } = gateRun(40, wall);
    monitor.detach();
    journal.close();
    const r = runCommand('journal/cli.js', 'purgeCommand', ['--days', '7', '--config', config], faketime('-1d'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^purge\.clock-behind-journal: nothing purged: the clock reads .* earlier than .* already in the journal/);
    expect(counts()).toEqual({ decisions: 10, checkpoints: 0 });
  });

  it('the scheduled purge (Journal.purge in the gate) refuses an untrusted state too', () => {
    const wall = { now: Date.now() };
    const { journal, monitor } = gateRun(40, wall);
    wall.now -= 10_000; // a jump back
    expect(monitor.reading().trusted).toBe(false);
    const signer = deviceSigner(join(tmp.dir, 'data'));
    if (!signer.ok) throw new Error(signer.error.message);
    expect(journal.purge({ olderThanDays: 7, nowMs: Date.now() })).toMatchObject({ ok: false, error: { code: 'purge.clock-untrusted' } });
    journal.close();
    const db = new Database(file);
    try {
      expect(purge(db, { olderThanDays: 7, nowMs: Date.now(), signer: signer.value })).toMatchObject({ ok: false, error: { code: 'purge.clock-untrusted' } });
    } finally {
      db.close();
    }
    expect(counts()).toEqual({ decisions: 10, checkpoints: 0 });
  });
});
