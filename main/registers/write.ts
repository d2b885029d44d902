/**
 * The one in-transaction writer of a register change, shared by `gate import` and register bundles: the
 * register's rows, then a bump of the registers' generation (settings `registers_generation`, which
 * `SqliteRegisters.reloadIfChanged` watches), so a running gate reloads once the caller's transaction commits.
 */
import type { Database } from 'better-sqlite3';
import type { Prepared, ImportSummary } from './prepare.js';
import { GENERATION_SETTING } from './settings.js';

/** Inside the caller's write transaction (throws outside one): writes `prepared` and bumps the generation. */
export function writeRegister(db: Database, prepared: Prepared): { readonly summary: ImportSummary; readonly generation: number } {
  if (!db.inTransaction) throw new Error('a register is written inside a write transaction');
  const summary = prepared.rows(db);
  return { summary, generation: bumpGeneration(db) };
}

/** Inside a write transaction: the next registers generation, written. */
export function bumpGeneration(db: Database): number {
  const generation = Number(db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(GENERATION_SETTING) ?? 0) + 1;
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(GENERATION_SETTING, String(generation));
  return generation;
}
