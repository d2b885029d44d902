/**
 * The district key in force, followed through the journal: the key file is named by its fingerprint
 * (`district-<fp>.key`, 0600, beside the journal) and settings `district_key_fingerprint` names the one in
 * force. A change (an import, a rotation bundle) writes the new file BEFORE its transaction and commits the
 * fingerprint inside it, with the lists hashed under it; so a crash at any point leaves the old fingerprint
 * with the old lists, or the new with the new, and a file for whichever is committed. Files of other
 * fingerprints are removed after the commit and at open.
 *
 * A data folder from before fingerprints has no setting: its key is the legacy `district.key`, until the
 * first change.
 */
import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { attempt } from '../journal/errors.js';
import { DISTRICT_KEY_FILE, readDistrictKey, readKeyFile, writeKeyFile } from '../keys.js';

/** settings key: the fingerprint of the district key in force. */
export const DISTRICT_KEY_SETTING = 'district_key_fingerprint';

/** A short, one-way name for a key, for file names, events and `hashedUnder` (never the key). */
export const keyFingerprint = (key: Uint8Array): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

const FINGERPRINTED = /^district-([0-9a-f]{16})\.key$/;

export const districtKeyFileName = (fingerprint: string): string => `district-${fingerprint}.key`;

/** The fingerprint committed in force, or undefined (none, or a legacy folder). Inside the reader's transaction. */
export function committedFingerprint(db: Database): Result<string | undefined, Failure> {
  return attempt(() => {
    const v = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(DISTRICT_KEY_SETTING);
    return typeof v === 'string' ? v : undefined;
  });
}

/**
 * The district key in force for `db` (call it in the same read transaction as the lists it goes with).
 * Failures: `keys.unreadable`, `keys.corrupt` (the committed file is missing, not 32 bytes, or another key).
 */
export function readDistrictKeyInForce(db: Database, dataDir: string): Result<Uint8Array | undefined, Failure> {
  const fp = committedFingerprint(db);
  if (!fp.ok) return fp;
  if (fp.value === undefined) return readDistrictKey(dataDir);
  const file = join(dataDir, districtKeyFileName(fp.value));
  const bytes = readKeyFile(file);
  if (!bytes.ok) return bytes;
  if (bytes.value === undefined) return err(failure('keys.corrupt', `${file} is missing although the journal says that key is in force`));
  if (bytes.value.length !== 32 || keyFingerprint(bytes.value) !== fp.value) return err(failure('keys.corrupt', `${file} does not hold the key of fingerprint ${fp.value}`));
  return ok(new Uint8Array(bytes.value));
}

/** Writes `key` to its fingerprinted file (before the transaction that commits it); returns the fingerprint. */
export function writeDistrictKeyFile(dataDir: string, key: Uint8Array): Result<string, Failure> {
  if (key.length !== 32) throw new Error(`a district key is 32 bytes, got ${key.length}`);
  const fp = keyFingerprint(key);
  const written = writeKeyFile(join(dataDir, districtKeyFileName(fp)), key, { how: 'replace' });
  return written.ok ? ok(fp) : written;
}

/** Inside the change's transaction: `fingerprint` is now in force. */
export function commitDistrictKey(db: Database, fingerprint: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(DISTRICT_KEY_SETTING, fingerprint);
}

/**
 * Removes every district key file but the committed one (and the legacy file once a fingerprint is
 * committed): after a change commits, and at open. Best effort: a file left behind is removed next time.
 */
export function removeStaleDistrictKeys(db: Database, dataDir: string): void {
  const fp = committedFingerprint(db);
  if (!fp.ok || fp.value === undefined) return;
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = FINGERPRINTED.exec(name);
    if (name === DISTRICT_KEY_FILE || (m !== null && m[1] !== fp.value)) rmSync(join(dataDir, name), { force: true });
  }
}
