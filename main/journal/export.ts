import { existsSync } from 'node:fs';
import { canonicalize } from 'json-canonicalize';
import { z } from 'zod';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { csvRecord } from './csv.js';
import { openJournalDb } from './db.js';
import { attempt } from './errors.js';
import { type ExportRecord, exportRecord } from './record.js';
import { lowerBound } from './time.js';

export type ExportErrorCode =
  /** No journal file at the given path. */
  | 'export.no-journal'
  /** `since` is not an ISO 8601 instant with a zone ("2024-05-01T00:00:00Z", "…+08:00"). */
  | 'export.bad-since'
  /** A stored decision does not parse, or its columns disagree with its body: the file was edited. */
  | 'export.bad-row';

export interface ExportOptions {
  readonly format: 'jsonl' | 'csv';
  /** ISO instant: only decisions at or after it. */
  readonly since?: string;
}

export const CSV_HEADER = [
  'seq', 'id', 'at', 'lane', 'direction', 'verdict', 'policy_id', 'policy_version', 'policy_sha256',
  'ending', 'subject_kind', 'subject_masked', 'rules', 'notes',
  'clock_source', 'clock_trusted', 'clock_last_good_sync', 'household', 'registration',
] as const;

const row = z.strictObject({
  seq: z.int().positive(),
  id: z.string(),
  at: z.string(),
  lane: z.string(),
  direction: z.string(),
  verdict: z.string(),
  policy_id: z.string(),
  policy_version: z.string(),
  policy_sha256: z.string(),
  body: z.string(),
});
type Row = z.infer<typeof row>;

/** `body` parsed, and checked against the columns that repeat it. */
function parseBody(r: Row): ExportRecord | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(r.body);
  } catch {
    return undefined;
  }
  const parsed = exportRecord.safeParse(raw);
  if (!parsed.success) return undefined;
  const b = parsed.data;
  const agrees =
    b.id === r.id && b.at === r.at && b.lane === r.lane && b.direction === r.direction && b.verdict === r.verdict &&
    b.policy.id === r.policy_id && b.policy.version === r.policy_version && b.policy.sha256 === r.policy_sha256;
  return agrees ? b : undefined;
}

/** `{"seq":N,…}`: seq first, then the body's RFC 8785 canonical members. */
const jsonlLine = (seq: number, b: ExportRecord): string => `{"seq":${seq},${canonicalize(b).slice(1)}`;

const csvLine = (seq: number, b: ExportRecord): string =>
  csvRecord([
    String(seq), b.id, b.at, b.lane, b.direction, b.verdict, b.policy.id, b.policy.version, b.policy.sha256,
    b.ending, b.subject?.kind ?? '', b.subject?.masked ?? '', canonicalize(b.rules), canonicalize(b.notes),
    b.clock?.source ?? '', b.clock === undefined ? '' : String(b.clock.trusted), String(b.clock?.lastGoodSync ?? ''),
    b.household ?? '', b.registration === undefined || b.registration === null ? '' : canonicalize(b.registration),
  ]);

/**
 * Writes the journal's decisions in seq order, one `write` call per line, each line WITHOUT its
 * terminator (jsonl: one JSON object; csv: the CSV_HEADER line first, then RFC 4180 records with
 * rules, notes and registration as JSON strings; clock_last_good_sync in epoch ms; empty cells for
 * absent values). Opens the database readonly, so it runs safely beside the gate
 * writing to it (WAL): it sees the decisions committed when it starts. Stops at the first row that
 * fails to parse (`export.bad-row`, after the lines before it were written).
 */
export function exportDecisions(file: string, opts: ExportOptions, write: (line: string) => void): Result<{ count: number }, Failure> {
  const since = opts.since === undefined ? undefined : lowerBound(opts.since);
  if (opts.since !== undefined && since === undefined) {
    return err(failure('export.bad-since', `--since must be an ISO 8601 instant with a zone, e.g. 2024-05-01T00:00:00Z; got "${opts.since}"`));
  }
  if (!existsSync(file)) return err(failure('export.no-journal', `no journal at ${file}`));
  const opened = openJournalDb(file, { readonly: true });
  if (!opened.ok) return opened;
  const db = opened.value;
  try {
    const walked = attempt((): Result<{ count: number }, Failure> => {
      const columns = 'seq, id, at, lane, direction, verdict, policy_id, policy_version, policy_sha256, body';
      const rows =
        since === undefined
          ? db.prepare(`SELECT ${columns} FROM decisions ORDER BY seq`).iterate()
          : db.prepare(`SELECT ${columns} FROM decisions WHERE at >= ? ORDER BY seq`).iterate(since);
      const line = opts.format === 'jsonl' ? jsonlLine : csvLine;
      if (opts.format === 'csv') write(CSV_HEADER.join(','));
      let count = 0;
      for (const raw of rows) {
        const r = row.parse(raw);
        const body = parseBody(r);
        if (body === undefined) return err(failure('export.bad-row', `decision ${r.seq} (${r.id}) does not parse or disagrees with its columns`));
        write(line(r.seq, body));
        count++;
      }
      return ok({ count });
    });
    return walked.ok ? walked.value : walked;
  } finally {
    db.close();
  }
}
