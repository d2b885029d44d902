/**
 * The stored form of a guard PIN, `scrypt$N$r$p$salt$hash` (salt 16 bytes, hash 32 bytes, lowercase hex),
 * and the scrypt parameters a gate accepts in it. The bounds keep every accepted hash verifiable by Node
 * (OpenSSL refuses N ≥ 2^(16·r) and memory above `maxmem`) and keep one check from holding the event loop
 * for long (a login runs scrypt once per guard, synchronously).
 */
import { err, ok, type Result } from '../result.js';

export const PIN_HASH_FORMAT = /^scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[0-9a-f]{32}\$[0-9a-f]{64}$/;

/** N needs no upper bound of its own: the memory and work bounds keep it at or below 2^17. */
export const SCRYPT_LIMITS = {
  minLog2N: 10,
  maxR: 32,
  maxP: 16,
  /** What OpenSSL allocates, 128·r·(N + p + 2) bytes, may not exceed this; verification passes it as `maxmem`. */
  maxMemoryBytes: 64 * 1024 * 1024,
  /** N·r·p, which the time of one check grows with: 8 times `gate hash-pin`'s 2^14·8·1 (45 ms → about 0.4 s, measured on the CI machine). */
  maxCost: 2 ** 20,
} as const;

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export interface PinHash {
  readonly params: ScryptParams;
  readonly salt: string;
  readonly hash: string;
}

/** The bytes OpenSSL's scrypt needs for these parameters (its own `maxmem` check). */
export const scryptMemoryBytes = ({ N, r, p }: ScryptParams): number => 128 * r * (N + p + 2);

export function formatPinHash({ params: { N, r, p }, salt, hash }: PinHash): string {
  return `scrypt$${N}$${r}$${p}$${salt}$${hash}`;
}

/** Parses a stored PIN hash; the error says, in words, which part is wrong. */
export function parsePinHash(text: string): Result<PinHash, string> {
  if (!PIN_HASH_FORMAT.test(text)) return err('must be scrypt$N$r$p$salt$hash (salt 32 and hash 64 lowercase hex digits), from `gate hash-pin`');
  const [, n = '', r = '', p = '', salt = '', hash = ''] = text.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const bad = paramsProblem(params);
  return bad === undefined ? ok({ params, salt, hash }) : err(bad);
}

function paramsProblem({ N, r, p }: ScryptParams): string | undefined {
  const { minLog2N, maxR, maxP, maxMemoryBytes, maxCost } = SCRYPT_LIMITS;
  const log2N = Math.log2(N);
  if (!Number.isInteger(log2N) || log2N < minLog2N) return `scrypt N must be a power of two, at least 2^${minLog2N}, got ${N}`;
  if (!Number.isInteger(r) || r < 1 || r > maxR) return `scrypt r must be from 1 to ${maxR}, got ${r}`;
  if (!Number.isInteger(p) || p < 1 || p > maxP) return `scrypt p must be from 1 to ${maxP}, got ${p}`;
  if (log2N >= 16 * r) return `scrypt N must be below 2^(16·r) = 2^${16 * r}, got 2^${log2N}`;
  const memory = scryptMemoryBytes({ N, r, p });
  if (memory > maxMemoryBytes) return `scrypt N=${N}, r=${r}, p=${p} needs ${memory} bytes of memory, more than ${maxMemoryBytes} (128·r·(N+p+2))`;
  if (N * r * p > maxCost) return `scrypt N·r·p = ${N * r * p} is more work than ${maxCost} allows for one check`;
  return undefined;
}
