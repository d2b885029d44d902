/** `gate verify` and `gate purge` as the compiled command modules run them, against a journal edited with the sqlite3 shell. */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../main/journal/journal.js';
import { input, tempDir } from './helpers.js';
import { runCommand, sqlite3Cli, writeConfig } from './run-command.js';

let tmp: ReturnType<typeof tempDir>;
let config: string;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  mkdirSync(join(tmp.dir, 'data'));
  config = writeConfig(tmp.dir, './data');
  file = join(tmp.dir, 'data', 'journal.sqlite');
  record(0, 10);
});
afterEach(() => tmp.remove());

function record(from: number, to: number): void {
  const j = Journal.open(file);
  if (!j.ok) throw new Error(j.error.code);
  for (let n = from; n < to; n++) expect(j.value.record(input(n)).ok).toBe(true);
  j.value.close();
}

const verify = (...args: string[]): ReturnType<typeof runCommand> => runCommand('journal/cli.js', 'verifyCommand', ['--config', config, ...args]);
const body = (seq: number): Buffer => {
  const db = new Database(file, { readonly: true });
  try {
    return Buffer.from(String(db.prepare('SELECT body FROM decisions WHERE seq = ?').pluck().get(seq)));
  } finally {
    db.close();
  }
};

describe('gate verify', () => {
  it('passes an untouched journal', () => {
    expect(verify()).toMatchObject({ code: 0, stdout: 'ok: 10 links verified from seq 1; policy changes: 0, events: 0, checkpoints: 0\n' });
  });

  it('names the seq whose body had one byte changed by the sqlite3 shell', () => {
    const sqlite3 = sqlite3Cli();
    const before = body(7);
    execFileSync(sqlite3, [file, "UPDATE decisions SET body = replace(body, '37.6', '37.7') WHERE seq = 7;"]);
    const after = body(7);
    expect(after.length).toBe(before.length);
    expect([...after].filter((b, i) => b !== before[i])).toHaveLength(1);
    const r = verify();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^broken at seq 7: chain\.bad-hash: /);
  });

  it('says so, with exit 1, when there is no journal; exit 2 for an unknown option', () => {
    tmp.remove();
    mkdirSync(join(tmp.dir, 'data'), { recursive: true });
    config = writeConfig(tmp.dir, './data');
    expect(verify()).toMatchObject({ code: 1, stderr: expect.stringMatching(/^journal\.cant-open: /) });
    expect(verify('--bogus')).toMatchObject({ code: 2 });
  });
});

describe('gate purge', () => {
  it('purges what is past the retention, and verify passes from the checkpoint; the chain goes on', () => {
    // The fixtures are from 2024, undelivered: past 30 days plus the 7-day grace.
    const purged = runCommand('journal/cli.js', 'purgeCommand', ['--days', '30', '--config', config]);
    expect(purged).toMatchObject({ code: 0, stdout: expect.stringMatching(/^purged 10 decisions \(up to seq 10, checkpoint signed\)/) });
    expect(verify()).toMatchObject({ code: 0, stdout: 'ok: 0 links verified from seq 11; policy changes: 0, events: 1, checkpoints: 1\n' });
    record(20, 23);
    expect(verify()).toMatchObject({ code: 0, stdout: 'ok: 3 links verified from seq 11; policy changes: 0, events: 1, checkpoints: 1\n' });
  });

  it('takes --days as a whole number of days', () => {
    for (const days of ['0', '-3', '1.5', 'x']) {
      expect(runCommand('journal/cli.js', 'purgeCommand', [`--days=${days}`, '--config', config]).code).toBe(2);
    }
  });
});
