/** Shared by the journal tests: temp folders on the real disk, a decision fixture, the crash-test writer. */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { Journal } from '../../main/journal/journal.js';
import { APP_ROOT } from '../../main/resources.js';
import type { ExportSink } from '../../main/journal/export.js';
import type { DecisionRecordInput } from '../../main/journal/record.js';
import type { Decision } from '../../src/policy/decision.js';

/** A fresh folder under out/ (a real disk, unlike a tmpfs /tmp); remove it with the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const base = join(APP_ROOT, 'out', 'test-journal');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'j-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh journal per test (and, with `side`, a second plain connection to the same file for inspecting it). */
export interface JournalUnderTest {
  dir: string;
  file: string;
  journal: Journal;
  side: Database.Database;
}

/** Registers beforeEach/afterEach hooks; the returned object's fields are renewed for every test. */
/** Uplink on with caps no test reaches: every journaled record is queued. */
export const UPLINK_ON = { enabled: true, maxRecords: 1_000_000, maxBytes: 1 << 30, whenFull: 'drop-oldest' } as const;

/** A fresh journal per test; `uplink: true` turns its upstream queue on (off, as on a gate without an uplink, by default). */
export function useJournal(opts: { side?: boolean; uplink?: boolean } = {}): JournalUnderTest {
  const t = {} as JournalUnderTest;
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
    t.dir = tmp.dir;
    t.file = join(tmp.dir, 'journal.sqlite');
    const j = Journal.open(t.file);
    if (!j.ok) throw new Error(j.error.code);
    t.journal = j.value;
    if (opts.uplink === true && !t.journal.configureUplink(UPLINK_ON).ok) throw new Error('uplink not configured');
    if (opts.side === true) t.side = new Database(t.file);
  });
  afterEach(() => {
    if (opts.side === true) t.side.close();
    t.journal.close();
    tmp.remove();
  });
  return t;
}

/** An export sink that pushes each line onto `lines`; a bad row fails the test (export tests of bad rows use their own). */
export const collect = (lines: string[] = []): ExportSink => ({
  line: (l) => {
    lines.push(l);
  },
  badRow: (f) => {
    throw new Error(`unexpected bad row: ${f.message}`);
  },
});

/** Swaps `decisions` for a table with plain columns (what an editor with the sqlite3 shell could do), keeping every row. */
export function plainColumns(db: Database.Database): void {
  db.pragma('foreign_keys = OFF');
  db.exec(`
    CREATE TABLE plain (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT, at TEXT, lane TEXT, direction TEXT, verdict TEXT,
                        policy_id TEXT, policy_version TEXT, policy_sha256 TEXT, body TEXT);
    INSERT INTO plain SELECT seq, id, at, lane, direction, verdict, policy_id, policy_version, policy_sha256, body FROM decisions;
    DROP TABLE decisions;
    ALTER TABLE plain RENAME TO decisions;`);
}

export const DECISION: Decision = {
  verdict: 'deny',
  direction: 'entry',
  at: '2024-05-01T10:00:00.000Z',
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
  notes: [],
  policy: { id: 'district-7', version: '2024.05.01', sha256: 'ab'.repeat(32) },
  clock: { source: 'system-ntp', trusted: true, lastGoodSync: Date.parse('2024-05-01T09:00:00.000Z') },
};

/** Decision `n` (id `d-n`), one second apart from 2024-05-01T10:00:00Z unless `decision` says otherwise. */
export function input(n: number, over: Omit<Partial<DecisionRecordInput>, 'decision'> & { decision?: Partial<Decision> } = {}): DecisionRecordInput {
  const at = new Date(Date.parse(DECISION.at) + n * 1_000).toISOString();
  return {
    id: `d-${n}`,
    lane: 'lane-1',
    subject: { kind: 'resident-id', masked: '4201**********1234' },
    ending: 'complete',
    ...over,
    decision: { ...DECISION, at, ...over.decision },
  };
}

/** The crash-test writer as `tsc -b` builds it (the vitest global setup runs the build). */
export const WRITER = join(APP_ROOT, 'out', 'bench', 'journal-writer.js');

export interface Writer {
  /** `performance.now()` when the writer started towards the journal: at spawn, or at `go()` when held. */
  readonly startedAt: number;
  /** Lets a held writer open the journal and start writing. */
  go(): void;
  /** Ids acknowledged so far (complete `ACK <id>` lines only). */
  readonly acked: readonly string[];
  /** Resolves once `n` ids are acknowledged; rejects if the writer exits first. */
  acks(n: number): Promise<void>;
  /** SIGKILLs the writer and resolves after its stdout is drained, with everything it acknowledged. */
  kill(): Promise<{ acked: readonly string[]; signal: NodeJS.Signals | null; stderr: string }>;
}

/**
 * Spawns `node out/bench/journal-writer.js <db>`. `held`: the writer loads its modules, then waits for
 * `go()` before it touches the journal (its start-up can overlap the previous writer's run).
 */
export function startWriter(db: string, opts: { held?: boolean } = {}): Writer {
  if (!existsSync(WRITER)) throw new Error(`${WRITER} is missing: run \`npx tsc -b bench\` (or vitest without GATE_SKIP_BUILD)`);
  let startedAt = performance.now();
  const args = opts.held === true ? [WRITER, db, '--hold'] : [WRITER, db];
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined); // EPIPE when a writer dies before go(): its exit is what the caller sees
  const acked: string[] = [];
  const waiters = new Set<() => void>();
  let pending = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^ACK (\S+)$/.exec(line);
      if (m?.[1] === undefined) throw new Error(`writer printed ${JSON.stringify(line)}`);
      acked.push(m[1]);
    }
    for (const w of waiters) w();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  return {
    get startedAt() {
      return startedAt;
    },
    go: () => {
      startedAt = performance.now();
      child.stdin.write('go\n');
    },
    acked,
    acks: (n) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (acked.length < n) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
        void closed.then(() => reject(new Error(`writer exited after ${acked.length} acks: ${stderr}`)));
      }),
    kill: async () => {
      child.kill('SIGKILL');
      const signal = await closed;
      return { acked, signal, stderr };
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
