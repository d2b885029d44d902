/**
 * ICAO Doc 9303 machine-readable zones: TD1 (3×30, ID cards and travel permits), TD2 (2×36, ID cards and
 * permits) and TD3 (2×44, passports) (docs/devices.md §4). Pure and never throws: any text is either a
 * document whose every check digit, the composite included, is right, or a `Failure` saying which part is
 * wrong. Machine-readable visas (MRV-A/B, code V) are not accepted: they have no composite check digit.
 *
 * The result carries the document number in full, so a caller must turn it into a keyed `ref` and a masked
 * form at once and never store or log it (as classify.ts does for ID numbers). Names are not returned.
 */
import { err, failure, ok, type Err as ErrOf, type Failure, type Result } from '../result.js';

export type MrzFailureCode = 'mrz.format' | 'mrz.check-digit';

export interface MrzDocument {
  readonly format: MrzFormat;
  /** Document code without filler: `P` (passport), `I`, `ID`, `C`, `CS`, `AC`, … */
  readonly documentType: string;
  /** ICAO 3-letter code without filler (`D` for Germany, `UTO` for the specimen state). */
  readonly issuingState: string;
  /** Without filler; TD1 numbers longer than 9 characters are joined from their overflow in the optional field. */
  readonly documentNumber: string;
  readonly nationality: string;
  /** `YYMMDD` as printed; ICAO allows `<<` for an unknown month or day. The century is the caller's to infer. */
  readonly birthDate: string;
  /** `YYMMDD` as printed (always digits). */
  readonly expiryDate: string;
  /**
   * The expiry as `YYYYMMDD` (the form of an ID card's `validTo`), century 20: a document in circulation
   * expires within about ten years of its issue, so `YY` is 2000–2099 until the year 2090 (docs/devices.md §4).
   * Whether an expired document still identifies is the identity rule's to decide.
   */
  readonly expiresOn: string;
}

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

/** Characters per line and lines per zone of each format. */
export const MRZ_SHAPES: Readonly<Record<MrzFormat, { readonly lines: number; readonly length: number }>> = {
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
  TD3: { lines: 2, length: 44 },
};

/** The format whose lines are `length` characters long, if any. */
export const formatOfLineLength = (length: number): MrzFormat | undefined =>
  (Object.keys(MRZ_SHAPES) as MrzFormat[]).find((f) => MRZ_SHAPES[f].length === length);

/** A line of a zone: only `A–Z 0–9 <`, as long as a line of some format. */
export const isMrzLine = (text: string): boolean => /^[A-Z0-9<]+$/.test(text) && formatOfLineLength(text.length) !== undefined;

/** Longest text looked at: 3×30 or 2×44 characters plus separators and a little slack. */
export const MAX_MRZ_CHARS = 256;

const WEIGHTS = [7, 3, 1] as const;

function charValue(c: string): number | undefined {
  if (c === '<') return 0;
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return undefined;
}

/** The 9303 check digit (weights 7-3-1, `<` = 0, A–Z = 10–35) of `field`, or undefined for a character outside `0-9A-Z<`. */
export function mrzCheckDigit(field: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const v = charValue(field.charAt(i));
    if (v === undefined) return undefined;
    sum += v * (WEIGHTS[i % 3] ?? 0);
  }
  return sum % 10;
}

const stripFiller = (s: string): string => s.replace(/<+$/, '');

type Check = { readonly name: string; readonly field: string; readonly digit: string; readonly emptyMayBeFiller?: boolean };

/** The first check that fails, as a failure naming the field, or undefined when all hold. */
function firstBadCheck(checks: readonly Check[]): Failure<'mrz.check-digit'> | undefined {
  for (const c of checks) {
    if (c.emptyMayBeFiller === true && c.digit === '<' && /^<*$/.test(c.field)) continue;
    const expected = mrzCheckDigit(c.field);
    if (expected === undefined || c.digit !== String(expected)) {
      return failure('mrz.check-digit', `check digit of ${c.name} is '${c.digit}', expected ${expected ?? '?'}`, c.name);
    }
  }
  return undefined;
}

type Err = ErrOf<Failure<MrzFailureCode>>;
const formatError = (message: string, path?: string): Err => err(failure('mrz.format', message, path));

/** A printed date: all digits with a real month and day (29 February always allowed: the century is unknown), or `<` for unknown parts if `partial`. */
function plausibleDate(yymmdd: string, partial: boolean): boolean {
  if (partial ? !/^[0-9]{2}([0-9]{2}|<<)([0-9]{2}|<<)$/.test(yymmdd) : !/^[0-9]{6}$/.test(yymmdd)) return false;
  const mm = yymmdd.slice(2, 4);
  const dd = yymmdd.slice(4, 6);
  if (mm !== '<<' && (Number(mm) < 1 || Number(mm) > 12)) return false;
  if (dd === '<<') return true;
  const days = mm === '<<' ? 31 : [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Number(mm) - 1] ?? 0;
  return Number(dd) >= 1 && Number(dd) <= days;
}

const STATE = /^[A-Z][A-Z<]{2}$/;
const SEX = /^[MFX<]$/;

/** Checks the fields every format shares; returns a format failure or undefined. */
function sharedFieldsError(f: { state: string; nationality: string; birth: string; sex: string; expiry: string }): Err | undefined {
  if (!STATE.test(f.state)) return formatError(`issuing state '${f.state}' is not a 3-letter code`, 'issuingState');
  if (!STATE.test(f.nationality)) return formatError(`nationality '${f.nationality}' is not a 3-letter code`, 'nationality');
  if (!plausibleDate(f.birth, true)) return formatError(`birth date '${f.birth}' is not YYMMDD`, 'birthDate');
  if (!SEX.test(f.sex)) return formatError(`sex '${f.sex}' is not M, F, X or <`, 'sex');
  if (!plausibleDate(f.expiry, false)) return formatError(`expiry date '${f.expiry}' is not YYMMDD`, 'expiryDate');
  return undefined;
}

/**
 * TD2 and TD3 share line 2's layout up to the optional data: 1–9 document number, 10 CD, 11–13 nationality,
 * 14–19 birth, 20 CD, 21 sex, 22–27 expiry, 28 CD; then TD3 has 29–42 personal number and 43 its CD, TD2
 * 29–35 optional data (no CD of its own); the last character is the composite over 1–10, 14–20 and 22 to
 * the one before it. The TD2 document-number overflow (`<` as CD, the rest in the optional data) is read as in TD1.
 */
function parseTwoLine(format: 'TD2' | 'TD3', l1: string, l2: string): Result<MrzDocument, Failure<MrzFailureCode>> {
  if (format === 'TD3' && l1[0] !== 'P') return formatError(`a 2×44 zone must be a passport (code P…), not '${l1.slice(0, 2)}'`, 'documentType');
  if (format === 'TD2' && !/^[ACI]/.test(l1)) return formatError(`a 2×36 zone must be an ID card or permit (code A, C or I…), not '${l1.slice(0, 2)}'`, 'documentType');
  const state = l1.slice(2, 5);
  const nationality = l2.slice(10, 13);
  const birth = l2.slice(13, 19);
  const expiry = l2.slice(21, 27);
  const bad = sharedFieldsError({ state, nationality, birth, sex: l2.slice(20, 21), expiry });
  if (bad !== undefined) return bad;
  const last = l2.length - 1;
  const number = format === 'TD2' ? documentNumberOf(l2.slice(0, 9), l2.charAt(9), l2.slice(28, last)) : documentNumberOf(l2.slice(0, 9), l2.charAt(9), '', false);
  if (!number.ok) return number;
  const checkError = firstBadCheck([
    number.value.check,
    { name: 'birthDate', field: birth, digit: l2.slice(19, 20) },
    { name: 'expiryDate', field: expiry, digit: l2.slice(27, 28) },
    ...(format === 'TD3' ? [{ name: 'personalNumber', field: l2.slice(28, 42), digit: l2.slice(42, 43), emptyMayBeFiller: true }] : []),
    { name: 'composite', field: l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, last), digit: l2.charAt(last) },
  ]);
  if (checkError !== undefined) return err(checkError);
  return ok(documentOf(format, l1, number.value.documentNumber, nationality, birth, expiry));
}

/**
 * The document number of a 9-character field and its check digit. Where `overflowAllowed` and the check digit
 * is `<`, the number is longer than 9: its remaining characters and their check digit open `optional` (TD1,
 * TD2), and the check digit covers the field, the `<` and the overflow (`D23145890<124` → 0).
 */
function documentNumberOf(
  head: string,
  digit: string,
  optional: string,
  overflowAllowed = true,
): Result<{ documentNumber: string; check: Check }, Failure<MrzFailureCode>> {
  if (overflowAllowed && digit === '<') {
    const overflow = /^[A-Z0-9]+/.exec(optional)?.[0] ?? '';
    if (overflow.length < 2 || head.includes('<')) return formatError('long document number has no overflow and check digit', 'documentNumber');
    return ok({ documentNumber: head + overflow.slice(0, -1), check: { name: 'documentNumber', field: `${head}<${overflow.slice(0, -1)}`, digit: overflow.slice(-1) } });
  }
  const documentNumber = stripFiller(head);
  if (documentNumber === '' || documentNumber.includes('<')) return formatError('document number is empty or has filler inside', 'documentNumber');
  return ok({ documentNumber, check: { name: 'documentNumber', field: head, digit } });
}

function documentOf(format: MrzFormat, l1: string, documentNumber: string, nationality: string, birth: string, expiry: string): MrzDocument {
  return {
    format,
    documentType: stripFiller(l1.slice(0, 2)),
    issuingState: stripFiller(l1.slice(2, 5)),
    documentNumber,
    nationality: stripFiller(nationality),
    birthDate: birth,
    expiryDate: expiry,
    expiresOn: `20${expiry}`,
  };
}

function parseTd1(l1: string, l2: string): Result<MrzDocument, Failure<MrzFailureCode>> {
  if (!/^[ACI]/.test(l1)) return formatError(`a 3×30 zone must be an ID card or permit (code A, C or I…), not '${l1.slice(0, 2)}'`, 'documentType');
  const state = l1.slice(2, 5);
  const nationality = l2.slice(15, 18);
  const birth = l2.slice(0, 6);
  const expiry = l2.slice(8, 14);
  const bad = sharedFieldsError({ state, nationality, birth, sex: l2.slice(7, 8), expiry });
  if (bad !== undefined) return bad;

  const number = documentNumberOf(l1.slice(5, 14), l1.charAt(14), l1.slice(15));
  if (!number.ok) return number;
  const checkError = firstBadCheck([
    number.value.check,
    { name: 'birthDate', field: birth, digit: l2.slice(6, 7) },
    { name: 'expiryDate', field: expiry, digit: l2.slice(14, 15) },
    { name: 'composite', field: l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29), digit: l2.slice(29, 30) },
  ]);
  if (checkError !== undefined) return err(checkError);
  return ok(documentOf('TD1', l1, number.value.documentNumber, nationality, birth, expiry));
}

/**
 * Parses an MRZ as a reader delivers it: lines separated by CR, LF or CRLF; surrounding whitespace and blank
 * lines are ignored. Characters must be `A–Z 0–9 <` (no OCR autocorrection: a misread is a check-digit failure).
 */
export function parseMrz(text: string): Result<MrzDocument, Failure<MrzFailureCode>> {
  if (text.length > MAX_MRZ_CHARS) return formatError(`text of ${text.length} characters is longer than any MRZ`);
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (const [i, line] of lines.entries()) {
    if (!/^[A-Z0-9<]+$/.test(line)) return formatError(`line ${i + 1} has characters outside A-Z, 0-9 and <`, `line.${i + 1}`);
  }
  const format = formatOfLineLength(lines[0]?.length ?? 0);
  const shape = format === undefined ? undefined : MRZ_SHAPES[format];
  const [l1 = '', l2 = ''] = lines;
  if (format === undefined || shape === undefined || lines.length !== shape.lines || lines.some((l) => l.length !== shape.length)) {
    return formatError(`expected 3 lines of 30 (TD1), 2 of 36 (TD2) or 2 of 44 (TD3), got ${lines.length} line(s) of ${lines.map((l) => l.length).join('/') || '0'}`);
  }
  if (format === 'TD1') return parseTd1(l1, l2);
  return parseTwoLine(format, l1, l2);
}
