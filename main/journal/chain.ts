import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { DECISION_SELECT, checkDecisionRow } from './decision-row.js';
import { type JournalErrorCode, attempt } from './errors.js';

/** `prev_hash` of the first link. */
export const GENESIS = '0'.repeat(64);

/** The link hash of decision `seq`: sha256 hex of `prevHash + "\n" + seq + "\n" + body` (UTF-8). */
export const chainHash = (prevHash: string, seq: number, body: string): string =>
  createHash('sha256').update(`${prevHash}\n${seq}\n${body}`).digest('hex');

export type ChainErrorCode =
  /** A decision has no chain row. */
  | 'chain.missing-link'
  /** A link's prev_hash is not the previous row's hash: a row was removed or a link rewritten. */
  | 'chain.broken-link'
  /** A link's hash does not match its row: the body (or seq, or a column) changed after it was written. */
  | 'chain.bad-hash'
  /** A column of a decision disagrees with its hashed body (a table swapped for one with plain columns, and edited). */
  | 'chain.column-mismatch'
  /** Seqs (ids) skip: rows were deleted and the chain was carried on past them. */
  | 'chain.gap'
  /** Rows up to sqlite_sequence's high-water mark are gone from the end. */
  | 'chain.truncated';

/**
 * A chain failure: `seq` names the decision, or `table` and `id` the policy_changes / events row.
 * (`table` is 'policy_changes' or 'events', see row-chain.ts.)
 */
export type ChainFailure = Failure<ChainErrorCode | JournalErrorCode> & { readonly seq?: number; readonly table?: string; readonly id?: number };

const broken = (code: ChainErrorCode, seq: number, message: string): ChainFailure => ({ ...failure(code, message), seq });

/** A failure of a policy_changes or events row. */
export const brokenRow = (code: ChainErrorCode, table: string, id: number, message: string): ChainFailure => ({ ...failure(code, message), table, id });

const link = z.looseObject({ seq: z.int(), prev_hash: z.string().nullable(), hash: z.string().nullable() });
const highWater = z.strictObject({ seq: z.int() }).optional();

/** Where a walk starts: the link the first remaining decision must follow. */
export interface ChainAnchor {
  /** The last decision before the walk (0 for none). */
  readonly seq: number;
  /** Its link hash: {@link GENESIS}, or a purge checkpoint's `upto_hash`. */
  readonly hash: string;
}

export const GENESIS_ANCHOR: ChainAnchor = { seq: 0, hash: GENESIS };

/**
 * Walks the decisions after `anchor.seq` in seq order inside one read transaction, recomputing each
 * link and comparing each column with the body, and names the first broken seq. The first decision
 * walked must link to `anchor.hash`, so a decision removed right after the anchor is caught at the seq
 * after it; seqs must follow each other, so newest decisions deleted before the gate wrote more are a
 * gap. Works on a readonly connection. Deleting the newest decisions together with their links is caught
 * only through sqlite_sequence (which a determined editor can lower too). `from` is the first seq walked.
 * `upto`: stop after that seq, and skip the high-water check (purge checks what it is about to delete).
 */
export function verifyChain(
  db: Database,
  anchor: ChainAnchor = GENESIS_ANCHOR,
  opts: { readonly upto?: number } = {},
): Result<{ checked: number; from: number }, ChainFailure> {
  const upto = opts.upto ?? Number.MAX_SAFE_INTEGER;
  const walked = attempt(() =>
    db.transaction((): Result<{ checked: number; from: number }, ChainFailure> => {
      const columns = DECISION_SELECT.split(', ').map((c) => `d.${c}`).join(', ');
      const rows = db.prepare(`SELECT ${columns}, c.prev_hash, c.hash FROM decisions d LEFT JOIN chain c USING (seq) WHERE d.seq > ? AND d.seq <= ? ORDER BY d.seq`);
      let prev = anchor.hash;
      let checked = 0;
      let last = anchor.seq;
      let from = anchor.seq + 1;
      for (const raw of rows.iterate(anchor.seq, upto)) {
        const row = link.parse(raw);
        if (checked === 0) from = row.seq;
        if (row.prev_hash === null || row.hash === null) return err(broken('chain.missing-link', row.seq, `decision ${row.seq} has no chain link`));
        if (row.prev_hash !== prev) return err(broken('chain.broken-link', row.seq, `decision ${row.seq} does not link to the decision before it`));
        const body = row['body'];
        if (typeof body !== 'string' || chainHash(prev, row.seq, body) !== row.hash) return err(broken('chain.bad-hash', row.seq, `decision ${row.seq} does not match its hash`));
        const columnsAgree = checkDecisionRow(raw);
        if (!columnsAgree.ok) return err(broken('chain.column-mismatch', row.seq, `decision ${row.seq}: ${columnsAgree.error.message}`));
        if (row.seq !== last + 1) return err(broken('chain.gap', last + 1, `decisions ${last + 1}…${row.seq - 1} were written and are gone`));
        prev = row.hash;
        last = row.seq;
        checked++;
      }
      if (opts.upto !== undefined) return ok({ checked, from });
      const mark = highWater.parse(db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'decisions'").get());
      if (mark !== undefined && mark.seq > last) {
        return err(broken('chain.truncated', last + 1, `decisions ${last + 1}…${mark.seq} were written and are gone`));
      }
      return ok({ checked, from });
    })(),
  );
  return walked.ok ? walked.value : walked;
}
