import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { err, failure, ok, type Failure, type Result } from '../src/result.js';

/**
 * The key behind credential `ref`s (HMAC-SHA-256 of the credential), created once per data folder with
 * mode 0600. The district-wide key delivered in signed registers replaces it in a later issue.
 */
export function loadOrCreateKey(file: string): Result<Uint8Array, Failure> {
  try {
    const key = readFileSync(file);
    if (key.length !== 32) return err(failure('keys.corrupt', `${file} holds ${key.length} bytes, not 32`));
    return ok(new Uint8Array(key));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return err(failure('keys.unreadable', `${file}: ${(e as Error).message}`));
  }
  const key = randomBytes(32);
  try {
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    return err(failure('keys.unwritable', `${file}: ${(e as Error).message}`));
  }
  return ok(new Uint8Array(key));
}
