import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../src/identity/classify.js';
import { maskResidentId, mod112CheckChar, normaliseResidentId } from '../../src/identity/resident-id.js';

const keys = { hmacKey: new Uint8Array(32).fill(7), refKey: 'district' as const };

describe('GB 11643 resident ID numbers (vectors: docs/devices.md §3.4)', () => {
  it.each(['11010519491231002X', '440524188001010014', '440524188001015368', '53010219200508011X'])('accepts %s', (id) => {
    expect(normaliseResidentId(id)).toBe(id);
  });

  it.each(['110105194912310021', '110105195001010014', '110105195001010027', '11010519490230002X'])('rejects %s', (id) => {
    expect(normaliseResidentId(id)).toBeUndefined();
  });

  it('normalises a lowercase x', () => {
    expect(normaliseResidentId('11010519491231002x')).toBe('11010519491231002X');
    expect(mod112CheckChar('11010519491231002')).toBe('X');
  });

  it('masks all but the first and last four characters', () => {
    expect(maskResidentId('420102199001011234')).toBe('4201**********1234');
  });
});

describe('scan classification', () => {
  it('turns an ID number into a credential that holds no full number', () => {
    const r = classifyScan(' 11010519491231002x\r', keys);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ kind: 'resident-id', masked: '1101**********002X' });
    expect(JSON.stringify(r.value)).not.toContain('11010519491231002');
    expect(r.value.ref).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same person the same ref, and a different key a different ref', () => {
    const a = classifyScan('11010519491231002X', keys);
    const b = classifyScan('11010519491231002x', keys);
    const c = classifyScan('11010519491231002X', { hmacKey: new Uint8Array(32), refKey: 'district' as const });
    expect(a.ok && b.ok && a.value.ref === b.value.ref).toBe(true);
    expect(a.ok && c.ok && a.value.ref !== c.value.ref).toBe(true);
  });

  it.each([
    ['', 'scan.empty'],
    ['110105194912310021', 'scan.bad-check-digit'],
    ['hello\u202eworld', 'scan.control-chars'],
    ['a\u0000b', 'scan.control-chars'],
    ["'; DROP TABLE decisions; --", 'scan.unrecognised'],
    ['x'.repeat(70_000), 'scan.too-long'],
  ])('rejects %j as %s', (text, code) => {
    const r = classifyScan(text, keys);
    expect(r.ok ? 'ok' : r.error.code).toBe(code);
  });
});
