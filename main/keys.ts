/**
 * The gate's secrets in its data folder, each in its own file beside the journal (never in it, so a copied
 * journal carries no key):
 *
 * - `hmac.key`: this install's fallback key for credential `ref`s (32 raw bytes), used until a district key
 *   is imported;
 * - `district.key`: the district HMAC key behind every `ref` (32 raw bytes), written by `gate import district-key`;
 * - `device-key.jwk` / `device-key.pub.json`: the device's Ed25519 key pair that signs purge checkpoints
 *   (main/journal/device-key.ts).
 *
 * Secret files are mode 0600, written whole (temp file, fsync, rename or link, fsync of the folder), so a
 * crash leaves the old file or the new one, never a torn or briefly world-readable one. The folder itself is
 * kept at 0700 ({@link secureDataDir}).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { err, failure, ok, type Failure, type Result } from '../src/result.js';

export const HMAC_KEY_FILE = 'hmac.key';
export const DISTRICT_KEY_FILE = 'district.key';

export type KeyFileErrorCode =
  /** The data folder cannot be created or set to 0700. */
  | 'keys.data-dir'
  /** A key file exists but cannot be read. */
  | 'keys.unreadable'
  /** A key file cannot be written (or its folder synced). */
  | 'keys.unwritable'
  /** A key file holds something other than a key of its kind. */
  | 'keys.corrupt';

const message = (e: unknown): string => (e as Error).message;

/** Creates the data folder (and its parents) if need be, and sets it to 0700 whatever it was: at every start. */
export function secureDataDir(dir: string): Result<void, Failure<'keys.data-dir'>> {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    return ok(undefined);
  } catch (e) {
    return err(failure('keys.data-dir', `${dir}: ${message(e)}`));
  }
}

/** The bytes of `file`, or undefined when there is no such file. */
export function readKeyFile(file: string): Result<Buffer | undefined, Failure<'keys.unreadable'>> {
  try {
    return ok(readFileSync(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
    return err(failure('keys.unreadable', `${file}: ${message(e)}`));
  }
}

export interface KeyFileWrite {
  /** File mode: 0o600 for secrets (the default), 0o644 for a public key. */
  readonly mode?: number;
  /** `replace`: the new content replaces any old file (rename). `create`: only if there is none yet (link): `exists` otherwise, and the file is untouched. */
  readonly how: 'replace' | 'create';
}

/**
 * Writes `bytes` to `file` as a whole: a temp file in the same folder created with the final mode (never
 * wider, even briefly), fsynced, then renamed (or hard-linked, for `create`) onto `file`, and the folder fsynced.
 */
export function writeKeyFile(file: string, bytes: Uint8Array, opts: KeyFileWrite): Result<'written' | 'exists', Failure<'keys.unwritable'>> {
  const temp = join(dirname(file), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', opts.mode ?? 0o600);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    let outcome: 'written' | 'exists' = 'written';
    if (opts.how === 'replace') renameSync(temp, file);
    else {
      try {
        linkSync(temp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        outcome = 'exists';
      }
    }
    syncFolder(dirname(file));
    return ok(outcome);
  } catch (e) {
    return err(failure('keys.unwritable', `${file}: ${message(e)}`));
  } finally {
    rmSync(temp, { force: true });
  }
}

function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The JSON key in `file` as `schema` reads it, or undefined when there is no such file; content that is not
 * JSON or not of `schema` is the failure `bad` ({@link failure} code and message).
 */
export function readJsonKeyFile<T, C extends string>(file: string, schema: z.ZodType<T>, bad: Failure<C>): Result<T | undefined, Failure<C | 'keys.unreadable'>> {
  const bytes = readKeyFile(file);
  if (!bytes.ok) return bytes;
  if (bytes.value === undefined) return ok(undefined);
  try {
    const parsed = schema.safeParse(JSON.parse(bytes.value.toString('utf8')));
    if (parsed.success) return ok(parsed.data);
  } catch {
    // not JSON: reported below like any other content that is not a key
  }
  return err(bad);
}

/** A 32-byte key file's content, or undefined when there is none; any other length is `keys.corrupt`. */
function readKey32(file: string): Result<Uint8Array | undefined, Failure<'keys.unreadable' | 'keys.corrupt'>> {
  const bytes = readKeyFile(file);
  if (!bytes.ok || bytes.value === undefined) return bytes;
  if (bytes.value.length !== 32) return err(failure('keys.corrupt', `${file} holds ${bytes.value.length} bytes, not a 32-byte key`));
  return ok(new Uint8Array(bytes.value));
}

/**
 * The key behind credential `ref`s until a district key is imported (HMAC-SHA-256 of the credential),
 * created once per data folder. Two processes creating it at once agree on one key.
 */
export function loadOrCreateKey(file: string): Result<Uint8Array, Failure<'keys.unreadable' | 'keys.corrupt' | 'keys.unwritable'>> {
  const found = readKey32(file);
  if (!found.ok) return found;
  if (found.value !== undefined) return ok(found.value);
  const written = writeKeyFile(file, randomBytes(32), { how: 'create' });
  if (!written.ok) return written;
  const key = readKey32(file);
  if (!key.ok) return key;
  return key.value === undefined ? err(failure('keys.unreadable', `${file} vanished right after it was written`)) : ok(key.value);
}

/** The district HMAC key in `dataDir`, or undefined before one was imported. */
export const readDistrictKey = (dataDir: string): Result<Uint8Array | undefined, Failure<'keys.unreadable' | 'keys.corrupt'>> =>
  readKey32(join(dataDir, DISTRICT_KEY_FILE));

/** Replaces the district HMAC key in `dataDir` (32 bytes). */
export function writeDistrictKey(dataDir: string, key: Uint8Array): Result<void, Failure<'keys.unwritable'>> {
  if (key.length !== 32) throw new Error(`a district key is 32 bytes, got ${key.length}`);
  const r = writeKeyFile(join(dataDir, DISTRICT_KEY_FILE), key, { how: 'replace' });
  return r.ok ? ok(undefined) : r;
}
