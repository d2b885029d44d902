/**
 * The hash chains of `policy_changes` and `events`, one per table: every row carries its link,
 * `hash = sha256hex(prev_hash + "\n" + table + "\n" + canonical JSON of every other column)` (RFC 8785,
 * members named as the columns; genesis prev_hash = 64 zeros), written in the same transaction as the row.
 * Neither table is ever purged, so each chain runs from genesis: a deleted, edited or inserted row breaks it.
 */
import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { canonicalize } from 'json-canonicalize';
import { z } from 'zod';
import { type Result, err, ok } from '../../src/result.js';
import { type ChainFailure, GENESIS, brokenRow } from './chain.js';

/** The chained tables and their columns (all but prev_hash and hash), in table order. */
export const CHAINED_COLUMNS = {
  policy_changes: ['id', 'at', 'source', 'outcome', 'from_sha256', 'to_sha256', 'policy_id', 'policy_version', 'detail'],
  events: ['id', 'at', 'kind', 'detail'],
} as const;

export type ChainedTable = keyof typeof CHAINED_COLUMNS;
export const CHAINED_TABLES = Object.keys(CHAINED_COLUMNS) as ChainedTable[];

/** A new row's columns (all but `id`, prev_hash and hash), as they are to be written. */
export type ChainedValues = Readonly<Record<string, string | number | null>>;

/** The link hash of one row: `columns` holds every column of CHAINED_COLUMNS[table], `id` included. */
function rowHash(table: ChainedTable, prevHash: string, columns: Readonly<Record<string, unknown>>): string {
  const named = Object.fromEntries(CHAINED_COLUMNS[table].map((c) => [c, columns[c] ?? null]));
  return createHash('sha256').update(`${prevHash}\n${table}\n${canonicalize(named)}`, 'utf8').digest('hex');
}

const head = z.strictObject({ hash: z.string().nullable(), next: z.int() });

/**
 * An appender of rows to `table` on `db`, for use inside a write transaction (it throws outside one: the
 * head must be read under the write lock). It reads the chain head, takes the next id as AUTOINCREMENT
 * would (past the high-water mark), and inserts the row with its link. Returns the new id and its link hash.
 */
export function chainAppender(db: Database, table: ChainedTable): (values: ChainedValues) => { readonly id: number; readonly hash: string } {
  const columns = CHAINED_COLUMNS[table];
  const selectHead = db.prepare(
    `SELECT (SELECT hash FROM ${table} ORDER BY id DESC LIMIT 1) AS hash,
            max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '${table}'), 0), coalesce((SELECT max(id) FROM ${table}), 0)) + 1 AS next`,
  );
  const insert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}, prev_hash, hash) VALUES (${columns.map((c) => `@${c}`).join(', ')}, @prev_hash, @hash)`);
  return (values) => {
    if (!db.inTransaction) throw new Error(`${table} rows are appended inside a write transaction`);
    const h = head.parse(selectHead.get());
    const prev = h.hash ?? GENESIS;
    const row = { ...Object.fromEntries(columns.map((c) => [c, values[c] ?? null])), id: h.next };
    const hash = rowHash(table, prev, row);
    insert.run({ ...row, prev_hash: prev, hash });
    return { id: h.next, hash };
  };
}

/** Recomputes every link of `table` in id order (for the migration that introduced the chains). */
export function relinkAll(db: Database, table: ChainedTable): void {
  const update = db.prepare(`UPDATE ${table} SET prev_hash = ?, hash = ? WHERE id = ?`);
  const rows = db.prepare(`SELECT ${CHAINED_COLUMNS[table].join(', ')} FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];
  let prev = GENESIS;
  for (const row of rows) {
    const hash = rowHash(table, prev, row);
    update.run(prev, hash, row['id']);
    prev = hash;
  }
}

const linkColumns = z.looseObject({ id: z.int(), prev_hash: z.unknown(), hash: z.unknown() });
const highWater = z.int().optional();

/**
 * Walks `table`'s chain from genesis in id order and names the first row that is not as written: a link
 * that does not follow the row before it (`chain.broken-link`: a row removed or inserted), a hash that does
 * not match the row (`chain.bad-hash`: a column edited), ids that skip (`chain.gap`: rows deleted and the
 * chain carried on past them), or rows missing from the end (`chain.truncated`, via sqlite_sequence).
 * Call it inside a read transaction; works on a readonly connection.
 */
export function verifyRowChain(db: Database, table: ChainedTable): Result<{ checked: number }, ChainFailure> {
  const rows: Statement = db.prepare(`SELECT ${CHAINED_COLUMNS[table].join(', ')}, prev_hash, hash FROM ${table} ORDER BY id`);
  let prev = GENESIS;
  let last = 0;
  let checked = 0;
  for (const raw of rows.iterate()) {
    const row = linkColumns.parse(raw);
    if (row.prev_hash !== prev) return err(brokenRow('chain.broken-link', table, row.id, `${table} ${row.id} does not link to the row before it`));
    const hash = rowHash(table, prev, row);
    if (hash !== row.hash) return err(brokenRow('chain.bad-hash', table, row.id, `${table} ${row.id} does not match its hash`));
    if (row.id !== last + 1) return err(brokenRow('chain.gap', table, last + 1, `${table} ${last + 1}…${row.id - 1} were written and are gone`));
    prev = hash;
    last = row.id;
    checked++;
  }
  const mark = highWater.parse(db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(table));
  if (mark !== undefined && mark > last) return err(brokenRow('chain.truncated', table, last + 1, `${table} ${last + 1}…${mark} were written and are gone`));
  return ok({ checked });
}
