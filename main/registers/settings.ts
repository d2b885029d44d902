import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { type JournalErrorCode, attempt } from '../journal/errors.js';

/** settings key: the district HMAC key behind every `ref`, 64 lowercase hex. */
export const DISTRICT_KEY_SETTING = 'district_hmac_key';
/** settings key: a counter every register import bumps, so a running gate notices imports cheaply. */
export const GENERATION_SETTING = 'registers_generation';

const storedKey = z.string().regex(/^[0-9a-f]{64}$/).optional();

/** The district key from settings, or undefined before one was imported. A malformed stored value is `registers.bad-district-key`. */
export function readDistrictKey(db: Database): Result<Uint8Array | undefined, Failure<JournalErrorCode | 'registers.bad-district-key'>> {
  const raw = attempt(() => db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(DISTRICT_KEY_SETTING));
  if (!raw.ok) return raw;
  const parsed = storedKey.safeParse(raw.value);
  if (!parsed.success) return err(failure('registers.bad-district-key', `settings.${DISTRICT_KEY_SETTING} is not 64 lowercase hex characters`));
  return ok(parsed.data === undefined ? undefined : new Uint8Array(Buffer.from(parsed.data, 'hex')));
}

/** The registers' generation (0 before the first import). */
export function readGeneration(db: Database): Result<number, Failure<JournalErrorCode>> {
  return attempt(() => Number(db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(GENERATION_SETTING) ?? 0));
}
