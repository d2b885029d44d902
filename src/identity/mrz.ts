/**
 * ICAO Doc 9303 machine-readable zones: TD1 (3×30, ID cards and travel permits) and TD3 (2×44, passports)
 * (docs/devices.md §4). Pure and never throws: any text is either a document whose every check digit,
 * the composite included, is right, or a `Failure` saying which part is wrong. TD2 (2×36) and
 * machine-readable visas are not accepted.
 *
 * The result carries the document number in full, so a caller must turn it into a keyed `ref` and a masked
 * form at once and never store or log it (as classify.ts does for ID numbers). Names are not returned.
 */
import { err, failure, ok, type Err as ErrOf, type Failure, type Result } from '../result.js';

export type MrzFailureCode = 'mrz.format' | 'mrz.check-digit';

export interface MrzDocument {
  readonly format: 'TD1' | 'TD3';
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
}

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

function parseTd3(l1: string, l2: string): Result<MrzDocument, Failure<MrzFailureCode>> {
  if (l1[0] !== 'P') return formatError(`a 2×44 zone must be a passport (code P…), not '${l1.slice(0, 2)}'`, 'documentType');
  const state = l1.slice(2, 5);
  const nationality = l2.slice(10, 13);
  const birth = l2.slice(13, 19);
  const expiry = l2.slice(21, 27);
  const bad = sharedFieldsError({ state, nationality, birth, sex: l2.slice(20, 21), expiry });
  if (bad !== undefined) return bad;
  const documentNumber = stripFiller(l2.slice(0, 9));
  if (documentNumber === '' || documentNumber.includes('<')) return formatError('document number is empty or has filler inside', 'documentNumber');
  const checkError = firstBadCheck([
    { name: 'documentNumber', field: l2.slice(0, 9), digit: l2.slice(9, 10) },
    { name: 'birthDate', field: birth, digit: l2.slice(19, 20) },
    { name: 'expiryDate', field: expiry, digit: l2.slice(27, 28) },
    { name: 'personalNumber', field: l2.slice(28, 42), digit: l2.slice(42, 43), emptyMayBeFiller: true },
    { name: 'composite', field: l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43), digit: l2.slice(43, 44) },
  ]);
  if (checkError !== undefined) return err(checkError);
  return ok({
    format: 'TD3',
    documentType: stripFiller(l1.slice(0, 2)),
    issuingState: stripFiller(state),
    documentNumber,
    nationality: stripFiller(nationality),
    birthDate: birth,
    expiryDate: expiry,
  });
}

function parseTd1(l1: string, l2: string): Result<MrzDocument, Failure<MrzFailureCode>> {
  if (!/^[ACI]/.test(l1)) return formatError(`a 3×30 zone must be an ID card or permit (code A, C or I…), not '${l1.slice(0, 2)}'`, 'documentType');
  const state = l1.slice(2, 5);
  const nationality = l2.slice(15, 18);
  const birth = l2.slice(0, 6);
  const expiry = l2.slice(8, 14);
  const bad = sharedFieldsError({ state, nationality, birth, sex: l2.slice(7, 8), expiry });
  if (bad !== undefined) return bad;

  // A number longer than 9 characters: `<` in the check-digit place, the rest and its check digit opening the optional field.
  let documentNumber: string;
  let numberCheck: Check;
  const head = l1.slice(5, 14);
  if (l1[14] === '<') {
    const overflow = /^[A-Z0-9]+/.exec(l1.slice(15))?.[0] ?? '';
    if (overflow.length < 2 || head.includes('<')) return formatError('long document number has no overflow and check digit', 'documentNumber');
    documentNumber = head + overflow.slice(0, -1);
    numberCheck = { name: 'documentNumber', field: `${head}<${overflow.slice(0, -1)}`, digit: overflow.slice(-1) };
  } else {
    documentNumber = stripFiller(head);
    if (documentNumber === '' || documentNumber.includes('<')) return formatError('document number is empty or has filler inside', 'documentNumber');
    numberCheck = { name: 'documentNumber', field: head, digit: l1.slice(14, 15) };
  }
  const checkError = firstBadCheck([
    numberCheck,
    { name: 'birthDate', field: birth, digit: l2.slice(6, 7) },
    { name: 'expiryDate', field: expiry, digit: l2.slice(14, 15) },
    { name: 'composite', field: l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29), digit: l2.slice(29, 30) },
  ]);
  if (checkError !== undefined) return err(checkError);
  return ok({
    format: 'TD1',
    documentType: stripFiller(l1.slice(0, 2)),
    issuingState: stripFiller(state),
    documentNumber,
    nationality: stripFiller(nationality),
    birthDate: birth,
    expiryDate: expiry,
  });
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
  const [l1, l2, l3] = lines;
  if (lines.length === 3 && l1 !== undefined && l2 !== undefined && l3 !== undefined && l1.length === 30 && l2.length === 30 && l3.length === 30) {
    return parseTd1(l1, l2);
  }
  if (lines.length === 2 && l1 !== undefined && l2 !== undefined && l1.length === 44 && l2.length === 44) return parseTd3(l1, l2);
  if (lines.length === 2 && l1?.length === 36 && l2?.length === 36) return formatError('TD2 (2×36) zones are not accepted');
  return formatError(`expected 3 lines of 30 (TD1) or 2 lines of 44 (TD3), got ${lines.length} line(s) of ${lines.map((l) => l.length).join('/') || '0'}`);
}
