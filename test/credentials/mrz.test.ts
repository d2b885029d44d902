import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mrzCheckDigit, parseMrz } from '../../src/identity/mrz.js';

// ICAO 9303 specimens (docs/devices.md §4; every check digit recomputed there).
const TD3_UTO = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'] as const;
const TD3_D = ['P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<', 'C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0'] as const;
const TD1_UTO = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'] as const;
const TD1_UTO_ABC = ['I<UTOD231458907ABC<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<1', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'] as const;
const TD1_CHE = ['IDCHEA1234567<6<<<<<<<<<<<<<<<', '7510256M2009018CHE<<<<<<<<<<<8', 'SMITH<<JOHN<ALBERT<<<<<<<<<<<<'] as const;
const TD1_LONG = ['I<UTOD23145890<1240<XYZ<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<8', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'] as const;

const join = (lines: readonly string[], sep = '\n'): string => lines.join(sep);
const replaceAt = (s: string, i: number, c: string): string => s.slice(0, i) + c + s.slice(i + 1);

describe('MRZ check digit (7-3-1, < = 0, A-Z = 10-35)', () => {
  it.each([
    ['L898902C3', 6],
    ['740812', 2],
    ['120415', 9],
    ['ZE184226B<<<<<', 1],
    ['D23145890<124', 0],
    ['<<<', 0],
  ])('%s → %i', (field, digit) => {
    expect(mrzCheckDigit(field)).toBe(digit);
  });

  it('is undefined for characters outside the MRZ alphabet', () => {
    expect(mrzCheckDigit('ab1')).toBeUndefined();
  });
});

describe('parseMrz: specimens', () => {
  it('parses the TD3 Utopia passport', () => {
    expect(parseMrz(join(TD3_UTO))).toEqual({
      ok: true,
      value: {
        format: 'TD3',
        documentType: 'P',
        issuingState: 'UTO',
        documentNumber: 'L898902C3',
        nationality: 'UTO',
        birthDate: '740812',
        expiryDate: '120415',
      },
    });
  });

  it('parses the German TD3 specimen (short state code, empty personal number with < check digit)', () => {
    const r = parseMrz(join(TD3_D));
    expect(r).toMatchObject({ ok: true, value: { format: 'TD3', issuingState: 'D', nationality: 'D', documentNumber: 'C01X0006H', birthDate: '640812', expiryDate: '171031' } });
  });

  it.each([
    ['Utopia, empty optional', TD1_UTO],
    ['Utopia, optional data', TD1_UTO_ABC],
  ])('parses the TD1 card (%s)', (_name, lines) => {
    expect(parseMrz(join(lines))).toEqual({
      ok: true,
      value: {
        format: 'TD1',
        documentType: 'I',
        issuingState: 'UTO',
        documentNumber: 'D23145890',
        nationality: 'UTO',
        birthDate: '740812',
        expiryDate: '120415',
      },
    });
  });

  it('parses the Swiss TD1 card with a two-letter document code', () => {
    expect(parseMrz(join(TD1_CHE))).toMatchObject({ ok: true, value: { documentType: 'ID', issuingState: 'CHE', documentNumber: 'A1234567', expiryDate: '200901' } });
  });

  it('joins a TD1 document number longer than 9 characters from its overflow', () => {
    expect(parseMrz(join(TD1_LONG))).toMatchObject({ ok: true, value: { documentNumber: 'D23145890124' } });
  });

  it.each([
    ['CRLF', '\r\n'],
    ['CR', '\r'],
    ['blank lines between', '\r\n\r\n'],
  ])('accepts %s line separators and surrounding whitespace', (_name, sep) => {
    expect(parseMrz(`  ${join(TD1_UTO, sep)}\r\n`).ok).toBe(true);
    expect(parseMrz(`${join(TD3_UTO, sep)}\n`).ok).toBe(true);
  });
});

describe('parseMrz: check-digit failures', () => {
  it.each([
    ['TD3 document number', TD3_UTO, 1, 9, 'documentNumber'],
    ['TD3 birth date', TD3_UTO, 1, 19, 'birthDate'],
    ['TD3 expiry date', TD3_UTO, 1, 27, 'expiryDate'],
    ['TD3 personal number', TD3_UTO, 1, 42, 'personalNumber'],
    ['TD3 composite', TD3_UTO, 1, 43, 'composite'],
    ['TD1 document number', TD1_UTO, 0, 14, 'documentNumber'],
    ['TD1 birth date', TD1_UTO, 1, 6, 'birthDate'],
    ['TD1 expiry date', TD1_UTO, 1, 14, 'expiryDate'],
    ['TD1 composite', TD1_UTO, 1, 29, 'composite'],
    ['TD1 long number overflow check digit', TD1_LONG, 0, 18, 'documentNumber'],
  ] as const)('a flipped %s check digit', (_name, lines, line, pos, path) => {
    const original = lines[line].charAt(pos);
    const flipped = String((Number(original) + 1) % 10);
    const mutated = lines.map((l, i) => (i === line ? replaceAt(l, pos, flipped) : l));
    const r = parseMrz(join(mutated));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('mrz.check-digit');
    expect(r.error.path).toBe(path);
  });

  it('a flipped digit inside a field fails that field’s check', () => {
    const r = parseMrz(join([TD3_UTO[0], replaceAt(TD3_UTO[1], 15, '9')])); // birth 740812 → 749812 is no date
    expect(r).toMatchObject({ ok: false, error: { code: 'mrz.format', path: 'birthDate' } });
    const r2 = parseMrz(join([TD3_UTO[0], replaceAt(TD3_UTO[1], 18, '3')])); // 740813
    expect(r2).toMatchObject({ ok: false, error: { code: 'mrz.check-digit', path: 'birthDate' } });
    const r3 = parseMrz(join([replaceAt(TD1_UTO[0], 20, 'X'), TD1_UTO[1], TD1_UTO[2]])); // optional data, composite only
    expect(r3).toMatchObject({ ok: false, error: { code: 'mrz.check-digit', path: 'composite' } });
  });

  it('a < in place of a required check digit is a check-digit failure', () => {
    const r = parseMrz(join([TD3_UTO[0], replaceAt(TD3_UTO[1], 9, '<')]));
    expect(r).toMatchObject({ ok: false, error: { code: 'mrz.check-digit', path: 'documentNumber' } });
  });

  it('property: any digit-for-digit substitution in a checked position is caught (1,000 runs)', () => {
    // Positions covered by a check digit (0-based), per line of each specimen; sex and names are not covered.
    const covered: readonly (readonly [readonly string[], number, number])[] = [
      ...[...Array(44).keys()].filter((i) => i < 20 || (i > 20 && i < 44)).map((i) => [TD3_UTO, 1, i] as const),
      ...[...Array(30).keys()].filter((i) => i >= 5).map((i) => [TD1_UTO_ABC, 0, i] as const),
      ...[...Array(30).keys()].filter((i) => i !== 7 && (i < 15 || i >= 18)).map((i) => [TD1_UTO_ABC, 1, i] as const),
    ];
    const digitPositions = covered.filter(([lines, line, pos]) => /[0-9]/.test(lines[line]!.charAt(pos)));
    fc.assert(
      fc.property(fc.constantFrom(...digitPositions), fc.integer({ min: 1, max: 9 }), ([lines, line, pos], delta) => {
        const d = String((Number(lines[line]!.charAt(pos)) + delta) % 10);
        const mutated = lines.map((l, i) => (i === line ? replaceAt(l, pos, d) : l));
        const r = parseMrz(join(mutated));
        return !r.ok && (r.error.code === 'mrz.check-digit' || r.error.code === 'mrz.format');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseMrz: format failures', () => {
  it.each([
    ['empty', ''],
    ['one line', TD3_UTO[1]],
    ['lowercase', join(TD3_UTO).toLowerCase()],
    ['a short line', join([TD1_UTO[0], TD1_UTO[1].slice(1), TD1_UTO[2]])],
    ['TD2', join(['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'])],
    ['a visa in TD3 size', join([replaceAt(TD3_UTO[0], 0, 'V'), TD3_UTO[1]])],
    ['a passport code on a card', join([replaceAt(TD1_UTO[0], 0, 'P'), TD1_UTO[1], TD1_UTO[2]])],
    ['digits in the state code', join([replaceAt(TD3_UTO[0], 3, '1'), TD3_UTO[1]])],
    ['month 18', join([TD3_UTO[0], replaceAt(TD3_UTO[1], 15, '1')])],
    ['a bad sex', join([TD3_UTO[0], replaceAt(TD3_UTO[1], 20, 'Q')])],
    ['too long', 'P'.repeat(1000)],
  ])('%s → mrz.format', (_name, text) => {
    expect(parseMrz(text)).toMatchObject({ ok: false, error: { code: 'mrz.format' } });
  });

  it('property: never throws, always a Result (1,000 runs each)', () => {
    const line = (n: number) => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<'), minLength: n, maxLength: n });
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = parseMrz(s);
        return typeof r.ok === 'boolean';
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.tuple(line(30), line(30), line(30)), fc.tuple(line(44), line(44))), (lines) => {
        const r = parseMrz(lines.join('\n'));
        return r.ok || r.error.code === 'mrz.format' || r.error.code === 'mrz.check-digit';
      }),
      { numRuns: 1000 },
    );
  });
});
