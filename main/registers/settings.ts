import type { Database } from 'better-sqlite3';
import type { Failure, Result } from '../../src/result.js';
import { type JournalErrorCode, attempt } from '../journal/errors.js';

/**
 * settings key: a counter every register import bumps (the district key's included), so a running gate
 * notices imports cheaply. The district key itself is a file beside the journal (main/keys.ts).
 */
export const GENERATION_SETTING = 'registers_generation';

/** The registers' generation (0 before the first import). */
export function readGeneration(db: Database): Result<number, Failure<JournalErrorCode>> {
  return attempt(() => Number(db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(GENERATION_SETTING) ?? 0));
}
