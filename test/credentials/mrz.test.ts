import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMrzLine, isMrzLine, NO_MRZ_LINES, type MrzLines } from '../../src/identity/mrz-lines.js';
import { mrzCheckDigit, parseMrz } from '../../src/identity/mrz.js';

// ICAO 9303 specimens (docs/devices.md §4; every check digit recomputed there).
const TD3_UTO = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'] as const;
const TD3_D = ['P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<', 'C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0'] as const;
const TD1_UTO = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'] as const;
const TD1_UTO_ABC = ['I<UTOD231458907ABC<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<1', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'] as const;
const TD1_CHE = ['IDCHEA1234567<6<<<<<<<<<<<<<<<', '7510256M2009018CHE<<<<<<<<<<<8', 'SMITH<<JOHN<ALBERT<<<<<<<<<<<<'] as const;
const TD1_LONG = ['I<UTOD23145890<1240<XYZ<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<8', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'] as const;
const TD1_EMPTY_SURNAME = ['I<CHED231458907ABC<<<<<<<<<<<<', '7408122F1204159CHE<<<<<<<<<<<1', '<<ANNA<MARIA<<<<<<<<<<<<<<<<<<'] as const;
const TD2_UTO = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'] as const;
/** Every specimen of docs/devices.md §4, with what it holds. */
const SPECIMENS = [
  ['TD3 Utopia', TD3_UTO, 'TD3', 'L898902C3', '20120415'],
  ['TD3 Germany', TD3_D, 'TD3', 'C01X0006H', '20171031'],
  ['TD2 Utopia', TD2_UTO, 'TD2', 'D23145890', '20120415'],
  ['TD1 Utopia, empty optional', TD1_UTO, 'TD1', 'D23145890', '20120415'],
  ['TD1 Utopia, optional data', TD1_UTO_ABC, 'TD1', 'D23145890', '20120415'],
  ['TD1 Switzerland', TD1_CHE, 'TD1', 'A1234567', '20200901'],
  ['TD1 long number', TD1_LONG, 'TD1', 'D23145890124', '20120415'],
  ['TD1 empty surname', TD1_EMPTY_SURNAME, 'TD1', 'D23145890', '20120415'],
] as const;

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
        expiresOn: '20120415',
      },
    });
  });

  it.each(SPECIMENS)('parses the %s specimen with its number and expiry', (_name, lines, format, documentNumber, expiresOn) => {
    expect(parseMrz(join(lines))).toMatchObject({ ok: true, value: { format, documentNumber, expiresOn } });
  });

  it('joins a TD2 document number longer than 9 characters from its overflow in the optional data', () => {
    // Made from the TD2 specimen: number D23145890124, `<` as its check digit, `124` + its CD 0 opening the optional data.
    const body = 'D23145890<UTO7408122F1204159' + '1240<<<';
    const l2 = body + String(mrzCheckDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 35)));
    expect(parseMrz(join([TD2_UTO[0], l2]))).toMatchObject({ ok: true, value: { format: 'TD2', documentNumber: 'D23145890124' } });
    expect(parseMrz(join([TD2_UTO[0], replaceAt(l2, 31, '5')]))).toMatchObject({ ok: false, error: { code: 'mrz.check-digit', path: 'documentNumber' } });
  });

  it('parses the German TD3 specimen (short state code, empty personal number with < check digit)', () => {
    const r = parseMrz(join(TD3_D));
    expect(r).toMatchObject({ ok: true, value: { format: 'TD3', issuingState: 'D', nationality: 'D', documentNumber: 'C01X0006H', birthDate: '640812', expiryDate: '171031' } });
  });

  it.each([
    ['TD1', 'Utopia, empty optional', TD1_UTO],
    ['TD1', 'Utopia, optional data', TD1_UTO_ABC],
    ['TD2', 'Utopia', TD2_UTO],
  ] as const)('parses the %s card (%s)', (format, _name, lines) => {
    expect(parseMrz(join(lines))).toEqual({
      ok: true,
      value: {
        format,
        documentType: 'I',
        issuingState: 'UTO',
        documentNumber: 'D23145890',
        nationality: 'UTO',
        birthDate: '740812',
        expiryDate: '120415',
        expiresOn: '20120415',
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
    ['TD2 document number', TD2_UTO, 1, 9, 'documentNumber'],
    ['TD2 birth date', TD2_UTO, 1, 19, 'birthDate'],
    ['TD2 expiry date', TD2_UTO, 1, 27, 'expiryDate'],
    ['TD2 composite', TD2_UTO, 1, 35, 'composite'],
    ['TD3 German composite', TD3_D, 1, 43, 'composite'],
    ['TD1 Swiss document number', TD1_CHE, 0, 14, 'documentNumber'],
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
      ...[...Array(36).keys()].filter((i) => i !== 20 && (i < 10 || i >= 13)).map((i) => [TD2_UTO, 1, i] as const),
      ...[...Array(30).keys()].filter((i) => i >= 5).map((i) => [TD1_LONG, 0, i] as const),
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
    ['a TD2 line with a TD3 line', join([TD2_UTO[0], TD3_UTO[1]])],
    ['three TD2 lines', join([...TD2_UTO, TD2_UTO[1]])],
    ['a passport code on a TD2 card', join([replaceAt(TD2_UTO[0], 0, 'P'), TD2_UTO[1]])],
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
      fc.property(fc.oneof(fc.tuple(line(30), line(30), line(30)), fc.tuple(line(36), line(36)), fc.tuple(line(44), line(44))), (lines) => {
        const r = parseMrz(lines.join('\n'));
        return r.ok || r.error.code === 'mrz.format' || r.error.code === 'mrz.check-digit';
      }),
      { numRuns: 1000 },
    );
  });
});

describe('MRZ lines typed one by one (wedge or line scanner)', () => {
  const feed = (lines: readonly string[], gapMs = 100): { zones: string[]; state: MrzLines } => {
    let state = NO_MRZ_LINES;
    const zones: string[] = [];
    lines.forEach((line, i) => {
      const added = addMrzLine(state, line, 1000 + i * gapMs);
      state = added.state;
      if (added.zone !== undefined) zones.push(added.zone);
    });
    return { zones, state };
  };

  it.each([
    ['TD1', TD1_UTO],
    ['TD2', TD2_UTO],
    ['TD3', TD3_UTO],
  ] as const)('assembles a %s zone that parses', (_name, lines) => {
    expect(lines.every(isMrzLine)).toBe(true);
    const { zones } = feed(lines);
    expect(zones).toEqual([join(lines)]);
    expect(parseMrz(zones[0]!).ok).toBe(true);
  });

  it('does not join lines of different formats, nor lines too far apart', () => {
    expect(feed([TD2_UTO[0], TD3_UTO[1]]).zones).toEqual([]);
    expect(feed([...TD2_UTO], 2000).zones).toEqual([]);
  });

  it('is not fooled by a line of 36 that is not MRZ text', () => {
    expect(isMrzLine('i<utoeriksson<<anna<maria<<<<<<<<<<<')).toBe(false);
    expect(isMrzLine('<'.repeat(35))).toBe(false);
  });
});
