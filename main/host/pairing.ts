/**
 * The kiosk pairing secret: what a page must present to use the headless host's bridge. 32 random bytes as
 * 64 lowercase hex digits in `<dataDir>/kiosk.pair` (a regular file of the gate's user, mode 0600), created at
 * the first start and kept across restarts, so the kiosk URL (`#pair=<hex>`) and the page that holds it outlive
 * a restart. `gate pair --rotate` replaces it (written whole: main/keys.ts); a running gate follows
 * ({@link LivePairing}).
 *
 * A file that is not fit to hold the secret — a symlink or not a regular file, another user's, any mode but
 * 0600, or anything but 64 hex digits — may have been read or written by someone else, so it is never used:
 * at start it is replaced with a new secret and the replacement is logged (a page paired with the old one must
 * be given the new URL, `gate pair`). A running gate keeps the secret it has until the file is fit again.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { writeKeyFile } from '../keys.js';
import type { Log } from '../log.js';
import { pageOrigin } from './request.js';

export const PAIRING_FILE = 'kiosk.pair';
/** The fragment parameter of the kiosk URL that carries the secret. */
export const PAIRING_PARAM = 'pair';
/** How often a running gate looks at the file for a rotation. */
export const PAIRING_POLL_MS = 500;

export type PairingErrorCode = 'pair.unreadable' | 'pair.unfit' | 'pair.unwritable';

const SECRET_FILE_CONTENT = /^([0-9a-f]{64})\n?$/;

export const kioskUrl = (port: number, secret: string): string => `${pageOrigin(port)}/#${PAIRING_PARAM}=${secret}`;

const pairingFile = (dataDir: string): string => join(dataDir, PAIRING_FILE);

/**
 * The secret in `file`, or undefined when there is no file; `pair.unfit` (saying why) for a file unfit to hold
 * it. Opened without following a symlink and judged by its own descriptor, so a swap cannot slip in between.
 */
function inspect(file: string): Result<string | undefined, Failure<'pair.unreadable' | 'pair.unfit'>> {
  const unfit = (why: string) => err(failure('pair.unfit', why));
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return ok(undefined);
    if (code === 'ELOOP') return unfit('it is a symlink');
    return err(failure('pair.unreadable', `${file}: ${(e as Error).message}`));
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return unfit('it is not a regular file');
    if (stat.uid !== process.getuid?.()) return unfit(`it belongs to uid ${stat.uid}, not the gate's user`);
    const mode = stat.mode & 0o777;
    if (mode !== 0o600) return unfit(`its mode is ${mode.toString(8).padStart(4, '0')}, not 0600`);
    const secret = stat.size > 128 ? undefined : SECRET_FILE_CONTENT.exec(readFileSync(fd, 'latin1'))?.[1];
    return secret === undefined ? unfit('it does not hold 64 hex digits') : ok(secret);
  } catch (e) {
    return err(failure('pair.unreadable', `${file}: ${(e as Error).message}`));
  } finally {
    closeSync(fd);
  }
}

function write(file: string, how: 'create' | 'replace'): Result<'written' | 'exists', Failure<'pair.unwritable'>> {
  const secret = randomBytes(32).toString('hex');
  const written = writeKeyFile(file, Buffer.from(`${secret}\n`, 'latin1'), { how });
  return written.ok ? written : err(failure('pair.unwritable', written.error.message));
}

function readBack(file: string): Result<string, Failure<PairingErrorCode>> {
  const found = inspect(file);
  if (found.ok && found.value !== undefined) return ok(found.value);
  return err(failure('pair.unreadable', `${file}: just written, yet ${found.ok ? 'it is gone' : found.error.message}`));
}

export interface LoadedPairing {
  readonly file: string;
  readonly secret: string;
  /** Why an unfit file was replaced with a new secret; undefined when the file was fit or new. */
  readonly replaced: string | undefined;
}

/** The secret in `dataDir` (an existing folder), created when there is none and replaced when the file is unfit. */
export function loadOrCreatePairing(dataDir: string): Result<LoadedPairing, Failure<PairingErrorCode>> {
  const file = pairingFile(dataDir);
  const found = inspect(file);
  if (found.ok && found.value !== undefined) return ok({ file, secret: found.value, replaced: undefined });
  if (!found.ok && found.error.code === 'pair.unreadable') return err(found.error);
  const replaced = found.ok ? undefined : found.error.message;
  // Created by link, so two processes starting at once agree on one secret; an unfit file is renamed over.
  const written = write(file, replaced === undefined ? 'create' : 'replace');
  if (!written.ok) return written;
  const secret = readBack(file);
  return secret.ok ? ok({ file, secret: secret.value, replaced }) : secret;
}

/**
 * A secret for this run only, for a gate whose pairing file can be neither read nor written (a full disk, an
 * I/O error): the gate still serves (out of service, the page says why), and its URL changes at the next start.
 * The running gate follows the file once it holds a secret (`gate pair` after space returns is a rotation).
 */
export const ephemeralPairing = (dataDir: string): LoadedPairing => ({ file: pairingFile(dataDir), secret: randomBytes(32).toString('hex'), replaced: undefined });

/** Replaces the secret in `dataDir` with a new one, whatever the file held. */
export function rotatePairing(dataDir: string): Result<LoadedPairing, Failure<PairingErrorCode>> {
  const file = pairingFile(dataDir);
  const written = write(file, 'replace');
  if (!written.ok) return written;
  const secret = readBack(file);
  return secret.ok ? ok({ file, secret: secret.value, replaced: undefined }) : secret;
}

/**
 * The secret a running gate accepts: re-read from the file at every check (the bridge asks at each upgrade)
 * and every PAIRING_POLL_MS, so a rotation applies at once to new connections, and the listeners hear of it
 * (the bridge drops the sockets opened with the old secret). An unfit or unreadable file changes nothing: the
 * secret in force stays, and the problem is logged once until it changes.
 */
export class LivePairing {
  private current: string;
  private complaint: string | undefined;
  private readonly rotated = new Set<() => void>();
  private readonly poll = (): void => this.refresh();

  constructor(
    private readonly loaded: LoadedPairing,
    private readonly log: Log,
  ) {
    this.current = loaded.secret;
    watchFile(loaded.file, { interval: PAIRING_POLL_MS, persistent: false }, this.poll);
  }

  /** The secret in force, after a fresh look at the file. */
  secret(): string {
    this.refresh();
    return this.current;
  }

  /** Calls `listener` after each rotation; returns the unsubscribe function. */
  onRotated(listener: () => void): () => void {
    this.rotated.add(listener);
    return () => this.rotated.delete(listener);
  }

  close(): void {
    unwatchFile(this.loaded.file, this.poll);
    this.rotated.clear();
  }

  private refresh(): void {
    const found = inspect(this.loaded.file);
    if (!found.ok || found.value === undefined) {
      const complaint = found.ok ? 'it is gone' : found.error.message;
      if (complaint !== this.complaint) this.log.warn({ file: this.loaded.file, problem: complaint }, 'pairing file unusable: the secret in force stays');
      this.complaint = complaint;
      return;
    }
    this.complaint = undefined;
    if (found.value === this.current) return;
    this.current = found.value;
    this.log.info({ file: this.loaded.file }, 'pairing secret rotated: pages paired with the old one are dropped');
    for (const listener of this.rotated) listener();
  }
}
