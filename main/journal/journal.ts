import type { Database, Statement, Transaction } from 'better-sqlite3';
import { canonicalize } from 'json-canonicalize';
import { z } from 'zod';
import { type Failure, type Result, ok } from '../../src/result.js';
import type { PolicyChange } from '../policy/store.js';
import { type ChainFailure, GENESIS, GENESIS_ANCHOR, chainHash, verifyChain } from './chain.js';
import { latestCheckpoint } from './checkpoint.js';
import { type PersistedClock, latestEntryAt, readClockState, writeClockState } from './clock-state.js';
import { type OpenErrorCode, openJournalDb } from './db.js';
import { deviceSigner } from './device-key.js';
import { type JournalErrorCode, attempt } from './errors.js';
import { type JournalEvent, eventWriter, instant } from './events.js';
import { dataDirOf } from './file.js';
import { type PurgeOptions, type PurgeResult, purge } from './purge.js';
import { type DecisionRecordInput, toExportRecord } from './record.js';
import { type ChainedValues, chainAppender } from './row-chain.js';
import { type BacklogRow, type QueueSettings, configureQueue, enqueue, isFull, readBacklog } from './uplink-queue.js';

export type { DecisionRecordInput, DecisionRegistration } from './record.js';
export type { JournalErrorCode } from './errors.js';
export type { JournalEvent } from './events.js';

/** A committed decision: once `record` returns this, the decision survives a crash or power cut. */
export interface RecordedRow {
  readonly seq: number;
  readonly id: string;
  /** Its chain link hash. */
  readonly hash: string;
}


/** A registration record sealed to the health authority (main/privacy/seal.ts); the gate cannot open it. */
export interface SealedRegistrationRow {
  /** The sealed id (also the HPKE AAD, and `registration.sealedId` in the decision). */
  readonly id: string;
  /** ISO instant. */
  readonly at: string;
  /** RFC 7638 thumbprint of the authority public key it was sealed to. */
  readonly authorityKid: string;
  /** HPKE encapsulated key. */
  readonly enc: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/** A policy change's `policy-change` payload (src/uplink/wire.ts) from its row. */
function policyChangePayloadOf(id: number, hash: string, v: ChainedValues): Record<string, unknown> {
  return {
    id,
    at: v['at'],
    source: v['source'],
    outcome: v['outcome'],
    fromSha256: v['from_sha256'] ?? null,
    toSha256: v['to_sha256'] ?? null,
    policyId: v['policy_id'] ?? null,
    policyVersion: v['policy_version'] ?? null,
    detail: v['detail'] ?? null,
    hash,
  };
}

/** What the decisions INSERT writes: the body (every other column is generated from it, migration 0003). */
interface DecisionRow {
  readonly id: string;
  readonly at: string;
  readonly body: string;
}

/** A passage row: written with its decision (an admitted exit on a lane without a passage input, confirmed 0), or when a passage input saw it (confirmed 1). */
interface PassageRow {
  readonly at: string;
  readonly lane: string;
  readonly direction: string;
  readonly household: string | null;
}

/** What a lane's passage input made of one admit (main/inputs/passages.ts). */
export interface PassageOutcome {
  /** ISO instant: of the passage, or of the window's end when none came. */
  readonly at: string;
  readonly lane: string;
  readonly direction: 'entry' | 'exit';
  readonly household: string | null;
  readonly decisionSeq: number;
  readonly decisionId: string;
  readonly passed: boolean;
  /** From the admit to the passage, or the window (none came), ms. */
  readonly afterMs: number;
}

const chainHead = z.strictObject({ hash: z.string().nullable() });
const synchronous = z.int();

/**
 * The gate's durable decision journal: one writing connection (WAL, synchronous=FULL, see db.ts).
 * Every method is synchronous and returns only after the transaction has committed (or rolled back).
 */
export class Journal {
  private readonly insertDecision: Statement;
  private readonly insertLink: Statement;
  private readonly insertPassage: Statement;
  private readonly insertConfirmedPassage: Statement;
  /** A sensed passage (or its absence): the passages row and its event, together. */
  private readonly commitPassage: Transaction<(p: PassageOutcome) => void>;
  private readonly selectChainHead: Statement;
  private readonly insertSealed: Statement;
  /** Appends a policy change with its link and its uplink record, in a write transaction. */
  private readonly commitPolicyChange: Transaction<(values: ChainedValues) => void>;
  /** Stores a sealed registration and its uplink record, in a write transaction. */
  private readonly commitSealed: Transaction<(row: SealedRegistrationRow) => void>;
  /** Appends an event with its link, in a write transaction. */
  private readonly commitEvent: Transaction<(e: JournalEvent) => void>;
  /** The body of `record`'s transaction; the previous link is read under the write lock. */
  private readonly commitDecision: Transaction<(row: DecisionRow, passage: PassageRow | undefined) => RecordedRow>;

  private constructor(private readonly db: Database) {
    this.insertDecision = db.prepare('INSERT INTO decisions (body) VALUES (?)');
    this.insertLink = db.prepare('INSERT INTO chain (seq, prev_hash, hash) VALUES (?, ?, ?)');
    this.insertPassage = db.prepare(
      'INSERT INTO passages (at, lane, direction, household, decision_seq, confirmed) VALUES (@at, @lane, @direction, @household, @seq, 0)',
    );
    this.insertConfirmedPassage = db.prepare(
      'INSERT INTO passages (at, lane, direction, household, decision_seq, confirmed) VALUES (@at, @lane, @direction, @household, @decisionSeq, 1)',
    );
    // The newest link; once purge has deleted every decision, the newest checkpoint's hash carries the chain on.
    this.selectChainHead = db.prepare(
      `SELECT coalesce((SELECT hash FROM chain ORDER BY seq DESC LIMIT 1),
                       (SELECT upto_hash FROM checkpoints ORDER BY upto_seq DESC, id DESC LIMIT 1)) AS hash`,
    );
    const appendPolicyChange = chainAppender(db, 'policy_changes');
    this.commitPolicyChange = db.transaction((values: ChainedValues) => {
      const { id, hash } = appendPolicyChange(values);
      enqueue(db, { kind: 'policy-change', id: `policy-change:${id}`, at: String(values['at']), payload: policyChangePayloadOf(id, hash, values) });
    });
    this.commitEvent = db.transaction(eventWriter(db));
    const writeEvent = eventWriter(db);
    this.commitPassage = db.transaction((p: PassageOutcome) => {
      if (p.passed) this.insertConfirmedPassage.run({ at: p.at, lane: p.lane, direction: p.direction, household: p.household, decisionSeq: p.decisionSeq });
      writeEvent({
        at: p.at,
        kind: p.passed ? 'passage.confirmed' : 'passage.not-passed',
        detail: { lane: p.lane, direction: p.direction, seq: p.decisionSeq, decision: p.decisionId, afterMs: Math.round(p.afterMs) },
      });
    });
    this.insertSealed = db.prepare('INSERT INTO sealed_registrations (id, at, authority_kid, enc, ciphertext) VALUES (?, ?, ?, ?, ?)');
    this.commitSealed = db.transaction((r: SealedRegistrationRow) => {
      this.insertSealed.run(r.id, r.at, r.authorityKid, Buffer.from(r.enc), Buffer.from(r.ciphertext));
      const payload = { id: r.id, at: r.at, authorityKid: r.authorityKid, enc: Buffer.from(r.enc).toString('base64url'), ciphertext: Buffer.from(r.ciphertext).toString('base64url') };
      enqueue(db, { kind: 'registration', id: r.id, at: r.at, payload });
    });
    this.commitDecision = db.transaction((row: DecisionRow, passage: PassageRow | undefined): RecordedRow => {
      const prev = chainHead.parse(this.selectChainHead.get()).hash ?? GENESIS;
      const seq = Number(this.insertDecision.run(row.body).lastInsertRowid);
      const hash = chainHash(prev, seq, row.body);
      this.insertLink.run(seq, prev, hash);
      enqueue(db, { kind: 'decision', id: row.id, at: row.at, payload: row.body });
      if (passage !== undefined) this.insertPassage.run({ ...passage, seq });
      return { seq, id: row.id, hash };
    });
  }

  /** Opens (creating and migrating as needed) the journal at `file`; see `openJournalDb` for the failures. */
  static open(file: string): Result<Journal, Failure<OpenErrorCode>> {
    const db = openJournalDb(file);
    return db.ok ? ok(new Journal(db.value)) : db;
  }

  /**
   * Commits one decision, its uplink record (uplink-queue.ts), its chain link and, for an admitted exit, its `passages` row
   * (household from the input, confirmed = 0; none where `passageSensed`: the lane's passage input writes it,
   * see recordPassage) in a single IMMEDIATE transaction: all or none. Open the
   * gate only after this returns ok. A failure leaves nothing behind; a decision
   * id already recorded fails with `journal.constraint`. `decision.at` must be an ISO instant and rule
   * values JSON data (no NaN or Infinity): anything else is an engine bug and throws.
   */
  record(input: DecisionRecordInput): Result<RecordedRow, Failure<JournalErrorCode>> {
    const at = instant(input.decision.at, 'decision.at');
    const { decision: d } = input;
    const row: DecisionRow = { id: input.id, at, body: canonicalize(toExportRecord(input, at)) };
    const passage: PassageRow | undefined =
      d.verdict === 'admit' && d.direction === 'exit' && input.passageSensed !== true ? { at, lane: input.lane, direction: d.direction, household: input.household ?? null } : undefined;
    return attempt(() => this.commitDecision.immediate(row, passage));
  }

  /**
   * What a lane's passage input saw after an admit, appended (the decision row stays as it was): a passage
   * writes a `passages` row (confirmed = 1, both directions: the exit quota counts the exits) and a
   * `passage.confirmed` event; none within the window writes only a `passage.not-passed` event. One IMMEDIATE
   * transaction. `at` must be an ISO instant (throws).
   */
  recordPassage(p: PassageOutcome): Result<void, Failure<JournalErrorCode>> {
    const at = instant(p.at, 'passage at');
    return attempt(() => {
      this.commitPassage.immediate({ ...p, at });
    });
  }

  /**
   * Stores one sealed registration (see main/privacy/seal.ts). Journal it before the decision that cites
   * its id. `at` must be an ISO instant (throws); a sealed id already stored fails with `journal.constraint`.
   */
  sealRegistration(row: SealedRegistrationRow): Result<void, Failure<JournalErrorCode>> {
    const at = instant(row.at, 'sealed registration at');
    return attempt(() => {
      this.commitSealed.immediate({ ...row, at });
    });
  }

  /**
   * Deletes what is past the retention and leaves a signed checkpoint; see purge.ts. Signs with the
   * device key in the journal's folder (device-key.ts; created on first use).
   */
  purge(opts: Omit<PurgeOptions, 'signer'>): Result<PurgeResult, Failure> {
    const signer = deviceSigner(dataDirOf(this.db));
    return signer.ok ? purge(this.db, { ...opts, signer: signer.value }) : signer;
  }

  /** Records one policy swap attempt with its chain link (row-chain.ts). `at` must be an ISO instant (throws). */
  recordPolicyChange(c: PolicyChange): Result<void, Failure<JournalErrorCode>> {
    const at = instant(c.at, 'policy change at');
    const values: ChainedValues = {
      at,
      source: c.source,
      outcome: c.outcome,
      from_sha256: c.fromSha256,
      to_sha256: c.toSha256,
      policy_id: c.policyId,
      policy_version: c.policyVersion,
      detail: c.detail,
    };
    return attempt(() => {
      this.commitPolicyChange.immediate(values);
    });
  }

  /** Records one operational event with its chain link. `at` must be an ISO instant and `detail` JSON data (throws). */
  recordEvent(e: JournalEvent): Result<void, Failure<JournalErrorCode>> {
    return attempt(() => {
      this.commitEvent.immediate(e);
    });
  }

  /**
   * Writes the gate's uplink settings (config `uplink`; disabled without one) and applies the caps; returns
   * how many pending records a lowered cap dropped (counted into the overflow episode).
   */
  configureUplink(settings: QueueSettings): Result<number, Failure<JournalErrorCode>> {
    return attempt(() => configureQueue(this.db, settings));
  }

  /**
   * The backlog is at its cap under `refuse-admit`: lanes turn admits into referrals until the forwarder
   * makes room. A journal that cannot be read refuses too (it could not record the admit either).
   */
  admitsRefused(): boolean {
    const b = this.backlog();
    return !b.ok || (b.value.enabled === 1 && b.value.when_full === 'refuse-admit' && isFull(b.value));
  }

  /** The upstream backlog now (one row read). */
  backlog(): Result<BacklogRow, Failure<JournalErrorCode>> {
    return attempt(() => readBacklog(this.db));
  }

  /** The clock monitor's persisted state and the latest instant journaled (clock-state.ts): read at a restart. */
  loadClockState(): Result<{ state: PersistedClock | undefined; latestEntryAt: number | null }, Failure> {
    const state = readClockState(this.db);
    if (!state.ok) return state;
    const latest = latestEntryAt(this.db);
    return latest.ok ? ok({ state: state.value, latestEntryAt: latest.value }) : latest;
  }

  saveClockState(state: PersistedClock): Result<void, Failure> {
    return writeClockState(this.db, state);
  }

  /** `PRAGMA synchronous` on the writing connection: 2 (FULL), always. For tests. */
  synchronousMode(): number {
    return synchronous.parse(this.db.pragma('synchronous', { simple: true }));
  }

  /**
   * Recomputes the hash chain from the newest purge checkpoint (or from genesis); see chain.ts
   * `verifyChain`. Does not check the checkpoint's signature: verify.ts does.
   */
  verifyChain(): Result<{ checked: number; from: number }, ChainFailure> {
    const walked = attempt(() =>
      this.db.transaction((): Result<{ checked: number; from: number }, ChainFailure> => {
        const cp = latestCheckpoint(this.db);
        if (!cp.ok) return cp;
        return verifyChain(this.db, cp.value === undefined ? GENESIS_ANCHOR : { seq: cp.value.uptoSeq, hash: cp.value.uptoHash });
      })(),
    );
    return walked.ok ? walked.value : walked;
  }

  close(): void {
    this.db.close();
  }
}
