/**
 * MRZ readers that type (a wedge, or a line scanner reading the zone) send each MRZ line as its own
 * CR-terminated line (a TD3 passport: two lines of 44; a TD2 card: two of 36; a TD1 card: three of 30), so
 * the lane gathers consecutive MRZ-shaped lines until a whole zone is in (docs/devices.md §4). Pure: the
 * state is a value. A serial MRZ reader (`mrz-line`) assembles zones in its driver instead.
 */
import type { Credential } from '../domain.js';
import { err, failure, ok, type Failure, type Result } from '../result.js';
import { keyedCredential, type ScanKeys } from './classify.js';
import { formatOfLineLength, isMrzLine, MRZ_SHAPES, parseMrz, type MrzFailureCode } from './mrz.js';

export { isMrzLine };

/** Lines further apart than this belong to different documents. */
export const MRZ_LINE_GAP_MS = 1500;

export interface MrzLines {
  readonly lines: readonly string[];
  readonly at: number;
}

export const NO_MRZ_LINES: MrzLines = { lines: [], at: 0 };

/** Adds one line for which `isMrzLine` holds; `zone` is the whole MRZ text once the last line of a TD1, TD2 or TD3 arrived. */
export function addMrzLine(state: MrzLines, line: string, at: number): { state: MrzLines; zone?: string } {
  const recent = at - state.at <= MRZ_LINE_GAP_MS && state.lines.every((l) => l.length === line.length) ? state.lines : [];
  const lines = [...recent, line];
  const format = formatOfLineLength(line.length);
  const needed = format === undefined ? 1 : MRZ_SHAPES[format].lines;
  if (lines.length < needed) return { state: { lines, at } };
  return { state: NO_MRZ_LINES, zone: lines.slice(-needed).join('\n') };
}

/** A passport or ID-card MRZ as a credential: the document number is masked and keyed, never kept. */
export function mrzCredential(zone: string, keys: ScanKeys): Result<Credential, Failure<MrzFailureCode>> {
  const doc = parseMrz(zone);
  if (!doc.ok) return err(failure(doc.error.code, doc.error.message));
  const { issuingState, documentNumber } = doc.value;
  const masked = `${issuingState} ${documentNumber.slice(0, 2)}${'*'.repeat(Math.max(0, documentNumber.length - 4))}${documentNumber.slice(-2)}`;
  return ok(keyedCredential(keys, 'mrz', masked, 'mrz', `${issuingState}:${documentNumber}`));
}
