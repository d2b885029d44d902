/**
 * Guard PINs: stored only as scrypt hashes (`scrypt$N$r$p$salt$hash`, src/config/pin-hash.ts) and compared in
 * constant time. A check runs scrypt on libuv's thread pool, never on the main thread, so the lanes keep
 * deciding while PINs are checked.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { SCRYPT_LIMITS, formatPinHash, parsePinHash, type PinHash } from '../../src/config/pin-hash.js';

/** What `gate hash-pin` uses: about 45 ms per check on the CI machine. */
const PARAMS = { N: 16_384, r: 8, p: 1 } as const;

/** For `gate hash-pin` (a CLI, where blocking is fine). */
export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, 32, { ...PARAMS, maxmem: SCRYPT_LIMITS.maxMemoryBytes });
  return formatPinHash({ params: PARAMS, salt: salt.toString('hex'), hash: hash.toString('hex') });
}

const scryptAsync = (pin: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scrypt(pin, salt, length, options, (e, key) => (e === null ? resolve(key) : reject(e))));

/**
 * Whether `pin` is the one `stored` was made from. A stored hash outside the bounds the config accepts never
 * matches (and never reaches scrypt). Rejects only on a bug (the bounds keep OpenSSL's own checks passing).
 */
export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const parsed = parsePinHash(stored);
  return parsed.ok && (await matchesParsed(pin, parsed.value));
}

async function matchesParsed(pin: string, { params, salt, hash }: PinHash): Promise<boolean> {
  const expected = Buffer.from(hash, 'hex');
  const actual = await scryptAsync(pin, Buffer.from(salt, 'hex'), expected.length, { ...params, maxmem: SCRYPT_LIMITS.maxMemoryBytes });
  return timingSafeEqual(actual, expected);
}

/**
 * A check that costs what checking `like` (a configured guard's hash) costs and never matches: what a PIN for
 * an unknown guard gets, so naming a guard that does not exist is no cheaper than a wrong PIN.
 */
export async function decoyCheck(pin: string, like: string | undefined): Promise<false> {
  const parsed = like === undefined ? undefined : parsePinHash(like);
  const params = parsed?.ok === true ? parsed.value.params : PARAMS;
  await matchesParsed(pin, { params, salt: '00'.repeat(16), hash: '00'.repeat(32) });
  return false;
}
