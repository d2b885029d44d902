/** Decisions read back the way an auditor gets them: the gate's own export (JSONL) of the journal file, read-only. */
import { exportDecisions } from '../../main/journal/export.js';

export interface ExportedDecision {
  readonly seq: number;
  readonly lane: string;
  readonly verdict: string;
  readonly ending: string;
  readonly subject: { readonly kind: string; readonly masked: string } | null;
  readonly rules: readonly { readonly id: string; readonly outcome: string; readonly values: Record<string, unknown> }[];
}

export function exported(journalFile: string): ExportedDecision[] {
  const lines: string[] = [];
  const r = exportDecisions(journalFile, { format: 'jsonl' }, { line: (l) => lines.push(l), badRow: (f) => lines.push(`bad row: ${f.message}`) });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return lines.map((l) => JSON.parse(l) as ExportedDecision);
}
