/**
 * MRZ readers in serial mode send each MRZ line as its own CR-terminated line (a TD3 passport: two lines
 * of 44; a TD1 card: three of 30), so the lane gathers consecutive MRZ-shaped lines until a whole zone is
 * in. Pure: the state is a value.
 */
import type { Credential } from '../domain.js';
import { err, failure, ok, type Failure, type Result } from '../result.js';
import { keyedCredential, type ScanKeys } from './classify.js';
import { parseMrz, type MrzFailureCode } from './mrz.js';

/** Lines further apart than this belong to different documents. */
export const MRZ_LINE_GAP_MS = 1500;

export interface MrzLines {
  readonly lines: readonly string[];
  readonly at: number;
}

export const NO_MRZ_LINES: MrzLines = { lines: [], at: 0 };

export const isMrzLine = (text: string): boolean => /^[A-Z0-9<]{30}$|^[A-Z0-9<]{44}$/.test(text);

/** Adds one MRZ-shaped line; `zone` is the whole MRZ text once the last line of a TD1 or TD3 arrived. */
export function addMrzLine(state: MrzLines, line: string, at: number): { state: MrzLines; zone?: string } {
  const recent = at - state.at <= MRZ_LINE_GAP_MS && state.lines.every((l) => l.length === line.length) ? state.lines : [];
  const lines = [...recent, line];
  const needed = line.length === 44 ? 2 : 3;
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
