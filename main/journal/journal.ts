import type { Database, Statement, Transaction } from 'better-sqlite3';
import { canonicalize } from 'json-canonicalize';
import { z } from 'zod';
import { type Failure, type Result, ok } from '../../src/result.js';
import { type ChainFailure, GENESIS, chainHash, verifyChain } from './chain.js';
import { type OpenErrorCode, openJournalDb } from './db.js';
import { type JournalErrorCode, attempt } from './errors.js';
import { type DecisionRecordInput, toExportRecord } from './record.js';
import { storedInstant } from './time.js';

export type { DecisionRecordInput } from './record.js';
export type { JournalErrorCode } from './errors.js';

/** A committed decision: once `record` returns this, the decision survives a crash or power cut. */
export interface RecordedRow {
  readonly seq: number;
  readonly id: string;
  /** Its chain link hash. */
  readonly hash: string;
}

/** One attempt to swap the policy in force, applied or rejected. */
export interface PolicyChange {
  /** ISO instant. */
  readonly at: string;
  /** Where the candidate came from (file path, USB volume, uplink). */
  readonly source: string;
  readonly outcome: 'applied' | 'rejected';
  readonly fromSha256: string | null;
  readonly toSha256: string | null;
  readonly policyId: string | null;
  readonly policyVersion: string | null;
  /** Why it was rejected, say. */
  readonly detail: string | null;
}

/** A counted operational event (garbled frame, unrecognised scan, …). */
export interface JournalEvent {
  /** ISO instant. */
  readonly at: string;
  readonly kind: string;
  /** Stored as canonical JSON; must be JSON data (no NaN, no functions). */
  readonly detail: Record<string, unknown>;
}

/** Named parameters of the decisions INSERT. */
interface DecisionRow {
  readonly id: string;
  readonly at: string;
  readonly lane: string;
  readonly direction: string;
  readonly verdict: string;
  readonly policy_id: string;
  readonly policy_version: string;
  readonly policy_sha256: string;
  readonly body: string;
}

const lastLink = z.strictObject({ hash: z.string() }).optional();
const synchronous = z.int();

/** Stored form of an injected-clock instant. A clock that yields a non-instant is a bug, so this throws. */
function instant(iso: string, what: string): string {
  const stored = storedInstant(iso);
  if (stored === undefined) throw new Error(`${what} is not an ISO instant: ${JSON.stringify(iso)}`);
  return stored;
}

/**
 * The gate's durable decision journal: one writing connection (WAL, synchronous=FULL, see db.ts).
 * Every method is synchronous and returns only after the transaction has committed (or rolled back).
 */
export class Journal {
  private readonly insertDecision: Statement;
  private readonly insertOutbox: Statement;
  private readonly insertLink: Statement;
  private readonly selectLastLink: Statement;
  private readonly insertPolicyChange: Statement;
  private readonly insertEvent: Statement;
  /** The body of `record`'s transaction; the previous link is read under the write lock. */
  private readonly commitDecision: Transaction<(row: DecisionRow) => RecordedRow>;

  private constructor(private readonly db: Database) {
    this.insertDecision = db.prepare(
      `INSERT INTO decisions (id, at, lane, direction, verdict, policy_id, policy_version, policy_sha256, body)
       VALUES (@id, @at, @lane, @direction, @verdict, @policy_id, @policy_version, @policy_sha256, @body)`,
    );
    this.insertOutbox = db.prepare('INSERT INTO outbox (seq, created_at) VALUES (?, ?)');
    this.insertLink = db.prepare('INSERT INTO chain (seq, prev_hash, hash) VALUES (?, ?, ?)');
    this.selectLastLink = db.prepare('SELECT hash FROM chain ORDER BY seq DESC LIMIT 1');
    this.insertPolicyChange = db.prepare(
      `INSERT INTO policy_changes (at, source, outcome, from_sha256, to_sha256, policy_id, policy_version, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertEvent = db.prepare('INSERT INTO events (at, kind, detail) VALUES (?, ?, ?)');
    this.commitDecision = db.transaction((row: DecisionRow): RecordedRow => {
      const prev = lastLink.parse(this.selectLastLink.get())?.hash ?? GENESIS;
      const seq = Number(this.insertDecision.run(row).lastInsertRowid);
      const hash = chainHash(prev, seq, row.body);
      this.insertOutbox.run(seq, row.at);
      this.insertLink.run(seq, prev, hash);
      return { seq, id: row.id, hash };
    });
  }

  /** Opens (creating and migrating as needed) the journal at `file`; see `openJournalDb` for the failures. */
  static open(file: string): Result<Journal, Failure<OpenErrorCode>> {
    const db = openJournalDb(file);
    return db.ok ? ok(new Journal(db.value)) : db;
  }

  /**
   * Commits one decision, its outbox row and its chain link in a single IMMEDIATE transaction: all three
   * or none. Open the gate only after this returns ok. A failure leaves nothing behind; a decision
   * id already recorded fails with `journal.constraint`. `decision.at` must be an ISO instant and rule
   * values JSON data (no NaN or Infinity): anything else is an engine bug and throws.
   */
  record(input: DecisionRecordInput): Result<RecordedRow, Failure<JournalErrorCode>> {
    const at = instant(input.decision.at, 'decision.at');
    const { decision: d } = input;
    const row: DecisionRow = {
      id: input.id,
      at,
      lane: input.lane,
      direction: d.direction,
      verdict: d.verdict,
      policy_id: d.policy.id,
      policy_version: d.policy.version,
      policy_sha256: d.policy.sha256,
      body: canonicalize(toExportRecord(input, at)),
    };
    return attempt(() => this.commitDecision.immediate(row));
  }

  /** Records one policy swap attempt. `at` must be an ISO instant (throws). */
  recordPolicyChange(c: PolicyChange): Result<void, Failure<JournalErrorCode>> {
    const at = instant(c.at, 'policy change at');
    return attempt(() => {
      this.insertPolicyChange.run(at, c.source, c.outcome, c.fromSha256, c.toSha256, c.policyId, c.policyVersion, c.detail);
    });
  }

  /** Records one operational event. `at` must be an ISO instant and `detail` JSON data (throws). */
  recordEvent(e: JournalEvent): Result<void, Failure<JournalErrorCode>> {
    const at = instant(e.at, 'event at');
    const detail = canonicalize(e.detail);
    return attempt(() => {
      this.insertEvent.run(at, e.kind, detail);
    });
  }

  /** `PRAGMA synchronous` on the writing connection: 2 (FULL), always. For tests. */
  synchronousMode(): number {
    return synchronous.parse(this.db.pragma('synchronous', { simple: true }));
  }

  /** Recomputes the whole hash chain; see chain.ts `verifyChain`. */
  verifyChain(): Result<{ checked: number }, ChainFailure> {
    return verifyChain(this.db);
  }

  close(): void {
    this.db.close();
  }
}
