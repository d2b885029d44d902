/**
 * A `decisions` row against its body. Since schema 3 every column but seq and body is generated from the
 * body (resources/migrations/0003_verifiable_journal.sql); readers still compare each column they read
 * with the body, so a database whose table was swapped for one with plain columns cannot say otherwise
 * than the hashed body either. Used by the chain walk (verify, purge) and by export.
 */
import { z } from 'zod';
import { type Result, err, ok } from '../../src/result.js';

/** Each repeated column and the body member it repeats: the json_extract paths of migration 0003. */
const DECISION_COLUMNS = {
  id: ['id'],
  at: ['at'],
  lane: ['lane'],
  direction: ['direction'],
  verdict: ['verdict'],
  policy_id: ['policy', 'id'],
  policy_version: ['policy', 'version'],
  policy_sha256: ['policy', 'sha256'],
} as const satisfies Record<string, readonly string[]>;

/** `seq, id, …, body`: the select list for a row this module can check. */
export const DECISION_SELECT = `seq, ${Object.keys(DECISION_COLUMNS).join(', ')}, body`;

const stored = z.looseObject({ seq: z.int(), body: z.unknown() });

/** A row whose body is JSON and whose columns agree with it. */
export interface CheckedDecision {
  readonly seq: number;
  readonly id: string;
  /** As stored: what the chain hashes. */
  readonly body: string;
  /** `body` parsed. */
  readonly json: unknown;
}

/** Why a row failed: `seq` (always an integer primary key) and what to say. */
export interface DecisionRowProblem {
  readonly seq: number;
  /** The id column as stored, for messages (may be anything in an edited file). */
  readonly id: string;
  readonly message: string;
}

function member(json: unknown, path: readonly string[]): unknown {
  let at: unknown = json;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at) || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** Parses the body of `raw` (a row selected with DECISION_SELECT) and checks every repeated column against it. */
export function checkDecisionRow(raw: unknown): Result<CheckedDecision, DecisionRowProblem> {
  const row = stored.parse(raw);
  const id = String(row['id']);
  if (typeof row.body !== 'string') return err({ seq: row.seq, id, message: 'its body is not text' });
  let json: unknown;
  try {
    json = JSON.parse(row.body);
  } catch {
    return err({ seq: row.seq, id, message: 'its body is not JSON' });
  }
  for (const [column, path] of Object.entries(DECISION_COLUMNS)) {
    if (row[column] !== member(json, path)) {
      return err({ seq: row.seq, id, message: `its ${column} column says ${JSON.stringify(row[column])}, its body ${JSON.stringify(member(json, path)) ?? 'nothing'}` });
    }
  }
  return ok({ seq: row.seq, id, body: row.body, json });
}
