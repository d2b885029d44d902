/**
 * Guard PINs: stored only as scrypt hashes (`scrypt$N$r$p$salt$hash`, src/config/pin-hash.ts), compared in
 * constant time, and locked out after repeated failures so a PIN cannot be guessed at the kiosk's touchscreen.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { SCRYPT_LIMITS, formatPinHash, parsePinHash } from '../../src/config/pin-hash.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';

const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
/** Failures within the window that lock guard actions for the rest of it. */
export const MAX_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 5 * 60_000;

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, 32, { ...PARAMS, maxmem: SCRYPT_LIMITS.maxMemoryBytes });
  return formatPinHash({ params: PARAMS, salt: salt.toString('hex'), hash: hash.toString('hex') });
}

/** A stored hash outside the bounds the config accepts never matches (and never reaches scrypt). */
function matches(pin: string, stored: string): boolean {
  const parsed = parsePinHash(stored);
  if (!parsed.ok) return false;
  const { params, salt, hash } = parsed.value;
  const expected = Buffer.from(hash, 'hex');
  const actual = scryptSync(pin, Buffer.from(salt, 'hex'), expected.length, { ...params, maxmem: SCRYPT_LIMITS.maxMemoryBytes });
  return timingSafeEqual(actual, expected);
}

export class GuardAuth {
  private failures: number[] = [];

  constructor(
    private readonly guards: readonly { readonly id: string; readonly pinHash: string }[],
    private readonly clock: () => number = Date.now,
  ) {}

  /** The guard whose PIN this is, or a coded failure. Every failure counts toward the lockout. */
  verify(pin: string): Result<{ guardId: string }, Failure<'auth.bad-pin' | 'auth.locked'>> {
    const now = this.clock();
    this.failures = this.failures.filter((t) => now - t < LOCKOUT_WINDOW_MS);
    if (this.failures.length >= MAX_FAILURES) return err(failure('auth.locked', `too many wrong PINs; try again in ${Math.ceil((LOCKOUT_WINDOW_MS - (now - (this.failures[0] ?? now))) / 60_000)} min`));
    const guard = this.guards.find((g) => matches(pin, g.pinHash));
    if (guard !== undefined) return ok({ guardId: guard.id });
    this.failures.push(now);
    return err(failure('auth.bad-pin', 'wrong PIN'));
  }
}
