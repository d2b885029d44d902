/**
 * The code part of migration 0003 (resources/migrations/0003_verifiable_journal.sql): refuses decision
 * bodies that are not JSON (the SQL would stop on them with an SQL error), runs the SQL, links the existing
 * policy changes and events, and moves the keys that schema 2 kept in `settings` to their own files in
 * the data folder, deleting the rows (0004 then scrubs the file). A key file already there with a
 * different key is `journal.key-conflict`: neither key is overwritten and the step rolls back.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../../src/result.js';
import { DISTRICT_KEY_FILE, readDistrictKey, writeKeyFile } from '../../keys.js';
import { DEVICE_KEY_FILE, ed25519PrivateJwk, readDeviceKey, storeDeviceKey } from '../device-key.js';
import { dataDirOf } from '../file.js';
import type { MigrationCode, StepErrorCode } from '../migrations.js';
import { CHAINED_TABLES, relinkAll } from '../row-chain.js';

/** The settings rows of schema 2 that held keys. */
const LEGACY_DEVICE_KEY_SETTING = 'device_ed25519_jwk';
const LEGACY_DISTRICT_KEY_SETTING = 'district_hmac_key';

const hex32 = z.string().regex(/^[0-9a-f]{64}$/);

export const verifiableJournal: MigrationCode = {
  transaction: true,
  foreignKeysOff: true,
  run: (db, sql) => {
    const unreadable = db.prepare('SELECT seq FROM decisions WHERE NOT json_valid(body) ORDER BY seq LIMIT 1').pluck().get();
    if (unreadable !== undefined) {
      return err(failure('journal.unmigratable', `decision ${String(unreadable)}'s body is not JSON: the journal was edited and cannot be migrated; keep it for inspection and start the gate on a new data folder`));
    }
    sql();
    for (const table of CHAINED_TABLES) relinkAll(db, table);
    return moveLegacyKeys(db);
  },
};

const setting = (db: Database, key: string): string | undefined => {
  const v: unknown = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key);
  return v === undefined ? undefined : String(v);
};

const conflict = (file: string, key: string): Failure<'journal.key-conflict'> =>
  failure(
    'journal.key-conflict',
    `settings.${key} holds a different key than ${file}; nothing was migrated: keep one of them (remove the file, or the row) and start again`,
  );

function moveLegacyKeys(db: Database): Result<void, Failure<StepErrorCode>> {
  const device = setting(db, LEGACY_DEVICE_KEY_SETTING);
  const district = setting(db, LEGACY_DISTRICT_KEY_SETTING);
  if (device === undefined && district === undefined) return ok(undefined);
  const dir = dataDirOf(db);
  if (device !== undefined) {
    const moved = moveDeviceKey(dir, device);
    if (!moved.ok) return moved;
  }
  if (district !== undefined) {
    const moved = moveDistrictKey(dir, district);
    if (!moved.ok) return moved;
  }
  db.prepare('DELETE FROM settings WHERE key IN (?, ?)').run(LEGACY_DEVICE_KEY_SETTING, LEGACY_DISTRICT_KEY_SETTING);
  return ok(undefined);
}

function moveDeviceKey(dir: string, stored: string): Result<void, Failure<StepErrorCode>> {
  let jwk: z.infer<typeof ed25519PrivateJwk>;
  try {
    jwk = ed25519PrivateJwk.parse(JSON.parse(stored));
  } catch {
    return err(failure('journal.unmigratable', `settings.${LEGACY_DEVICE_KEY_SETTING} is not an Ed25519 private JWK: delete the row to start with a new device key`));
  }
  const existing = readDeviceKey(dir);
  if (!existing.ok) return existing;
  if (existing.value !== undefined) return existing.value.d === jwk.d ? ok(undefined) : err(conflict(DEVICE_KEY_FILE, LEGACY_DEVICE_KEY_SETTING));
  const written = storeDeviceKey(dir, jwk);
  if (!written.ok) return written;
  // Another process created a device key between the read and the write: compare with the key it wrote.
  return written.value === 'written' ? ok(undefined) : moveDeviceKey(dir, stored);
}

function moveDistrictKey(dir: string, stored: string): Result<void, Failure<StepErrorCode>> {
  const hex = hex32.safeParse(stored);
  if (!hex.success) return err(failure('journal.unmigratable', `settings.${LEGACY_DISTRICT_KEY_SETTING} is not 64 lowercase hex characters: import the district key again after deleting the row`));
  const key = Buffer.from(hex.data, 'hex');
  const existing = readDistrictKey(dir);
  if (!existing.ok) return existing;
  if (existing.value !== undefined) return key.equals(existing.value) ? ok(undefined) : err(conflict(DISTRICT_KEY_FILE, LEGACY_DISTRICT_KEY_SETTING));
  const written = writeKeyFile(join(dir, DISTRICT_KEY_FILE), key, { how: 'create' });
  if (!written.ok) return written;
  return written.value === 'written' ? ok(undefined) : moveDistrictKey(dir, stored);
}
