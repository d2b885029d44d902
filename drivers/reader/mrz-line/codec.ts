/**
 * MRZ readers on a serial line (docs/devices/mrz-line.md §1): an OCR reader sends each line of the zone it
 * read as ASCII text followed by CR (LF and CR LF accepted too), one zone after another, nothing else:
 *
 * | zone | lines × characters | bytes on the wire (CR terminators) |
 * |------|--------------------|------------------------------------|
 * | TD1  | 3 × 30             | 93                                 |
 * | TD2  | 2 × 36             | 74                                 |
 * | TD3  | 2 × 44             | 90                                 |
 *
 * Characters are `A–Z 0–9 <`. The reader does not check the check digits: the zone's own check digits
 * (src/identity/mrz.ts) are the only integrity check, verified where the zone becomes a credential.
 */
import { err, ok, type Result } from '../../../src/result.js';
import { formatOfLineLength, MRZ_SHAPES, type MrzFormat } from '../../../src/identity/mrz.js';

/** Why a line is not a line of a zone. */
export type MrzLineDefect = 'not-mrz-text' | 'bad-line-length';

/** The format a line belongs to, by its length, or why it belongs to none. */
export function classifyLine(text: string): Result<MrzFormat, MrzLineDefect> {
  if (!/^[A-Z0-9<]+$/.test(text)) return err('not-mrz-text');
  const format = formatOfLineLength(text.length);
  return format === undefined ? err('bad-line-length') : ok(format);
}

/**
 * Whether a line can open a zone: a document code (`A`, `C`, `I`, `P`, `V` and a letter or `<`) and a state
 * of letters or `<` (docs/devices/mrz-line.md §2). Lines 2 of TD2/TD3 open with a document number and TD1's
 * with a birth date, so the rest of a zone whose first line was lost is not taken for a new zone.
 */
export const canOpenZone = (line: string): boolean => /^[ACIPV][A-Z<][A-Z<]{3}/.test(line);

/** How many lines a zone of `format` has. */
export const linesOf = (format: MrzFormat): number => MRZ_SHAPES[format].lines;

/** A zone as the reader sends it: each line followed by CR. */
export function encodeZone(lines: readonly string[], terminator = '\r'): Uint8Array {
  return new TextEncoder().encode(lines.map((l) => l + terminator).join(''));
}
