/**
 * Config `guards[].pinHash` accepts only scrypt parameters Node can verify with, within a memory and a work
 * bound (src/config/pin-hash.ts): before, N = 2^20 was accepted and the first guard login threw
 * ERR_CRYPTO_INVALID_SCRYPT_PARAMS inside an IPC handler.
 */
import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPin, pinMatches } from '../../main/auth/pin.js';
import { SCRYPT_LIMITS, parsePinHash, scryptMemoryBytes, type ScryptParams } from '../../src/config/pin-hash.js';
import { parseConfig } from '../../src/config/schema.js';

const sim = { device: { kind: 'simulated' } };
const lanes = [{ id: 'l1', direction: 'entry', thermometer: sim, scanner: sim, relay: sim }];
const SALT = '00112233445566778899aabbccddeeff';
const stored = ({ N, r, p }: ScryptParams, hash = '0'.repeat(64)): string => `scrypt$${N}$${r}$${p}$${SALT}$${hash}`;
const messages = (pinHash: string): string[] => {
  const r = parseConfig({ lanes, guards: [{ id: 'g1', pinHash }] });
  return r.ok ? [] : r.error.map((f) => f.message);
};

/** Every N = 2^10 … 2^24, r ≤ 40, p ≤ 20: what the config accepts. */
function acceptedParams(): ScryptParams[] {
  const all: ScryptParams[] = [];
  for (let k = 10; k <= 24; k++) for (let r = 1; r <= 40; r++) for (let p = 1; p <= 20; p++) all.push({ N: 2 ** k, r, p });
  return all.filter((params) => parsePinHash(stored(params)).ok);
}

describe('guards[].pinHash', () => {
  it('accepts what `gate hash-pin` writes, and that hash matches its PIN only', async () => {
    const pinHash = hashPin('4711');
    expect(messages(pinHash)).toEqual([]);
    expect(await pinMatches('4711', pinHash)).toBe(true);
    expect(await pinMatches('4712', pinHash)).toBe(false);
  });

  it('refuses the issue’s N = 2^20 by its memory, naming the field', () => {
    expect(messages(stored({ N: 2 ** 20, r: 8, p: 1 }))).toEqual([`guards.0.pinHash: scrypt N=1048576, r=8, p=1 needs ${scryptMemoryBytes({ N: 2 ** 20, r: 8, p: 1 })} bytes of memory, more than 67108864 (128·r·(N+p+2))`]);
  });

  it.each([
    ['N not a power of two', { N: 20_000, r: 8, p: 1 }, /N must be a power of two/],
    ['N below 2^10', { N: 512, r: 8, p: 1 }, /N must be a power of two, at least 2\^10/],
    ['N at 2^(16·r), which OpenSSL refuses', { N: 2 ** 16, r: 1, p: 1 }, /N must be below 2\^\(16·r\) = 2\^16/],
    ['r = 0', { N: 16_384, r: 0, p: 1 }, /r must be from 1 to 32/],
    ['r = 33', { N: 1024, r: 33, p: 1 }, /r must be from 1 to 32/],
    ['p = 17', { N: 16_384, r: 1, p: 17 }, /p must be from 1 to 16/],
    ['too much work for one check', { N: 16_384, r: 8, p: 16 }, /N·r·p = 2097152 is more work than 1048576/],
  ])('refuses %s', (_what, params, message) => {
    expect(messages(stored(params))).toEqual([expect.stringMatching(message)]);
  });

  it('says only the format when the text is not a hash at all', () => {
    expect(messages('1234')).toEqual(['guards.0.pinHash: scrypt$N$r$p$salt$hash, from `gate hash-pin`']);
  });

  it('refuses, where it draws the line, exactly what Node itself refuses', () => {
    // OpenSSL's own limits, with the memory bound passed as maxmem: one step past each accepted edge fails in Node too.
    const verify = (params: ScryptParams): void => void scryptSync('0000', 'salt', 32, { ...params, maxmem: SCRYPT_LIMITS.maxMemoryBytes });
    expect(() => verify({ N: 2 ** 16, r: 1, p: 1 })).toThrow(expect.objectContaining({ code: 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS' }));
    expect(() => verify({ N: 2 ** 16, r: 8, p: 1 })).toThrow(expect.objectContaining({ code: 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS' }));
    expect(parsePinHash(stored({ N: 2 ** 16, r: 8, p: 1 })).ok).toBe(false);
  });

  it('accepts only hashes a login can check: the most demanding accepted ones run, wrong PIN and all, without a throw', { timeout: 30_000 }, async () => {
    const accepted = acceptedParams();
    expect(accepted.length).toBeGreaterThan(100);
    const byMemory = [...accepted].sort((a, b) => scryptMemoryBytes(b) - scryptMemoryBytes(a));
    const byWork = [...accepted].sort((a, b) => b.N * b.r * b.p - a.N * a.r * a.p);
    const byN = [...accepted].sort((a, b) => b.N - a.N || b.r - a.r);
    const extremes = [byMemory[0], byWork[0], byN[0], accepted.find((p) => p.r === 1 && p.N === 2 ** 15)].filter((p) => p !== undefined);
    expect(extremes).toHaveLength(4);
    for (const params of extremes) expect(await pinMatches('0000', stored(params))).toBe(false);
  });

  it('never lets a stored hash outside the bounds reach scrypt, even past the config', async () => {
    expect(await pinMatches('1234', stored({ N: 2 ** 20, r: 8, p: 1 }))).toBe(false);
  });
});
