/** 50,000 residents: one import transaction, and lookups that cost the same however many there are. */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteRegisters } from '../../main/registers/sqlite-registers.js';
import { type Fixture, fixture, unwrap } from './helpers.js';

let f: Fixture;
beforeEach(() => {
  f = fixture();
});
afterEach(() => f.close());

const rows = (n: number): { ref: string; household: string }[] =>
  Array.from({ length: n }, (_, i) => ({ ref: randomBytes(32).toString('hex'), household: `H-${Math.floor(i / 3)}` }));

/** Median time of `runs` runs of `fn`, ms. */
function median(runs: number, fn: () => void): number {
  const times = Array.from({ length: runs }, () => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  }).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? Number.NaN;
}

describe('50,000 residents', () => {
  it('import in one transaction, load once, and each lookup is a hash-map get', () => {
    const big = rows(50_000);
    const t0 = performance.now();
    expect(unwrap(f.import('residents', big))).toMatchObject({ rows: 50_000 });
    const importMs = performance.now() - t0;
    const registers = unwrap(SqliteRegisters.open(f.file));
    expect(registers.counts().residents).toBe(50_000);
    for (const r of big) expect(registers.residentHousehold(r.ref)).toBe(r.household);
    expect(registers.residentHousehold(randomBytes(32).toString('hex'))).toBeUndefined();

    // O(1): 100,000 lookups against 50,000 residents cost about what they cost against 500.
    const probe = big.slice(0, 500).map((r) => r.ref);
    let found = 0;
    const lookups = (reg: SqliteRegisters) => () => {
      for (let i = 0; i < 100_000; i++) found += reg.residentHousehold(probe[i % probe.length] ?? '') === undefined ? 0 : 1;
    };
    const largeMs = median(7, lookups(registers));
    unwrap(f.import('residents', big.slice(0, 500)));
    unwrap(registers.reload());
    expect(registers.counts().residents).toBe(500);
    const smallMs = median(7, lookups(registers));
    expect(found).toBe(14 * 100_000);
    console.log(`residents: import 50,000 in ${importMs.toFixed(0)} ms; 100,000 lookups ${largeMs.toFixed(1)} ms (50,000 held) vs ${smallMs.toFixed(1)} ms (500 held)`);
    // A scan of 50,000 entries per lookup would take seconds and be ~100× the small register's time.
    expect(largeMs).toBeLessThan(200);
    expect(largeMs).toBeLessThan(Math.max(smallMs * 20, 50));
    registers.close();
  });
});
