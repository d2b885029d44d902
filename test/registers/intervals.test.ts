/** Quarantine intervals (instants, from inclusive, until exclusive) and risk-area listings (days, both ends inclusive). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteRegisters } from '../../main/registers/sqlite-registers.js';
import { type Fixture, fixture, unwrap } from './helpers.js';

let f: Fixture;
let registers: SqliteRegisters;
beforeEach(() => {
  f = fixture();
  unwrap(
    f.import('quarantine', [
      { ref: 'a'.repeat(64), from: '2026-11-20T00:00:00+08:00', until: '2026-12-04T00:00:00+08:00' },
      { ref: 'a'.repeat(64), from: '2026-12-10T00:00:00Z', until: null },
      { ref: 'b'.repeat(64), from: '2026-11-21T12:00:00Z' },
    ]),
  );
  unwrap(
    f.import('risk-areas', [
      { area: '420106', level: 'medium', from: '2026-11-10', until: '2026-11-30' },
      { area: '420106', level: 'high', from: '2026-11-15', until: '2026-11-20' },
      { area: '420111', level: 'medium', from: '2026-11-18', until: null },
    ]),
  );
  registers = unwrap(SqliteRegisters.open(f.file));
});
afterEach(() => {
  registers.close();
  f.close();
});

const at = (iso: string): number => Date.parse(iso);

describe('quarantined', () => {
  it('from ≤ t < until, in any zone', () => {
    const a = 'a'.repeat(64);
    expect(registers.quarantined(a, at('2026-11-19T15:59:59.999Z'))).toBe(false);
    expect(registers.quarantined(a, at('2026-11-19T16:00:00.000Z'))).toBe(true);
    expect(registers.quarantined(a, at('2026-12-03T15:59:59.999Z'))).toBe(true);
    expect(registers.quarantined(a, at('2026-12-03T16:00:00.000Z'))).toBe(false);
  });

  it('several intervals per person; open-ended ones never end', () => {
    const a = 'a'.repeat(64);
    expect(registers.quarantined(a, at('2026-12-05T00:00:00Z'))).toBe(false);
    expect(registers.quarantined(a, at('2026-12-10T00:00:00Z'))).toBe(true);
    expect(registers.quarantined(a, at('2030-01-01T00:00:00Z'))).toBe(true);
    expect(registers.quarantined('b'.repeat(64), at('2027-06-01T00:00:00Z'))).toBe(true);
  });

  it('nobody else', () => {
    expect(registers.quarantined('c'.repeat(64), at('2026-11-25T00:00:00Z'))).toBe(false);
    expect(registers.quarantined('__proto__', at('2026-11-25T00:00:00Z'))).toBe(false);
  });
});

describe('riskLevel', () => {
  it('both days inclusive; high wins where listings overlap', () => {
    expect(registers.riskLevel('420106', '2026-11-09')).toBeUndefined();
    expect(registers.riskLevel('420106', '2026-11-10')).toBe('medium');
    expect(registers.riskLevel('420106', '2026-11-15')).toBe('high');
    expect(registers.riskLevel('420106', '2026-11-20')).toBe('high');
    expect(registers.riskLevel('420106', '2026-11-21')).toBe('medium');
    expect(registers.riskLevel('420106', '2026-11-30')).toBe('medium');
    expect(registers.riskLevel('420106', '2026-12-01')).toBeUndefined();
  });

  it('an open listing stays; other areas are not listed', () => {
    expect(registers.riskLevel('420111', '2026-11-17')).toBeUndefined();
    expect(registers.riskLevel('420111', '2027-03-01')).toBe('medium');
    expect(registers.riskLevel('420102', '2026-11-20')).toBeUndefined();
  });
});
