import { existsSync } from 'node:fs';
import { canonicalize } from 'json-canonicalize';
import { citedClause, quoteOf, type Catalogue } from '../../src/notices/catalogue.js';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { issueLines } from '../../src/zod-issues.js';
import { csvRecord } from './csv.js';
import { DECISION_SELECT, type DecisionRowProblem, checkDecisionRow } from './decision-row.js';
import { openJournalDb } from './db.js';
import { attempt } from './errors.js';
import { type ExportRecord, exportRecord } from './record.js';
import { lowerBound } from './time.js';

export type ExportErrorCode =
  /** No journal file at the given path. */
  | 'export.no-journal'
  /** `since` is not an ISO 8601 instant with a zone ("2024-05-01T00:00:00Z", "…+08:00"). */
  | 'export.bad-since'
  /** A stored decision is not a decision record, or its columns disagree with its body: the file was edited. */
  | 'export.bad-row';

export interface ExportOptions {
  readonly format: 'jsonl' | 'csv';
  /** ISO instant: only decisions at or after it. */
  readonly since?: string;
  /**
   * The notice catalogue: each rule's `cites` then carries `quote`, the clause in the notice's own words
   * (`[{language, translation, text}]`), where the catalogue has the clause. Not part of the hashed body.
   */
  readonly catalogue?: Catalogue;
}

/** The record as exported: `rules[].cites.quote` added from the catalogue where it has the clause. */
function quoted(b: ExportRecord, catalogue: Catalogue | undefined): ExportRecord {
  if (catalogue === undefined) return b;
  const rules = b.rules.map((r) => {
    const found = citedClause(catalogue, r.cites);
    return found === undefined ? r : { ...r, cites: { ...r.cites, quote: quoteOf(found.notice, found.clause) } };
  });
  return { ...b, rules };
}

export const CSV_HEADER = [
  'seq', 'id', 'at', 'lane', 'direction', 'verdict', 'policy_id', 'policy_version', 'policy_sha256',
  'ending', 'subject_kind', 'subject_masked', 'rules', 'notes',
  'clock_source', 'clock_trusted', 'clock_last_good_sync', 'household', 'registration',
] as const;

/** A row's record, when its body is JSON whose columns agree (decision-row.ts) and is a decision record. */
function recordOf(raw: unknown): Result<{ seq: number; record: ExportRecord }, DecisionRowProblem> {
  const checked = checkDecisionRow(raw);
  if (!checked.ok) return checked;
  const parsed = exportRecord.safeParse(checked.value.json);
  if (parsed.success) return ok({ seq: checked.value.seq, record: parsed.data });
  return err({ seq: checked.value.seq, id: checked.value.id, message: `its body is not a decision record (${issueLines(parsed.error).join('; ')})` });
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

/** Where export's output goes. */
export interface ExportSink {
  /** One line, WITHOUT its terminator. */
  line(line: string): void;
  /** A row that cannot be exported (`export.bad-row`, naming its seq and id); export goes on after it. */
  badRow(f: Failure<'export.bad-row'>): void;
}

/**
 * Writes the journal's decisions in seq order, one `line` call per line (jsonl: one JSON object; csv: the
 * CSV_HEADER line first, then RFC 4180 records with rules, notes and registration as JSON strings;
 * clock_last_good_sync in epoch ms; empty cells for absent values). Opens the database readonly, so it
 * runs safely beside the gate writing to it (WAL): it sees the decisions committed when it starts. A row
 * whose body is not a decision record or whose columns disagree with its body (the file was edited) goes
 * to `badRow` instead, and the rows after it are still written; `bad` counts them.
 */
export function exportDecisions(file: string, opts: ExportOptions, out: ExportSink): Result<{ count: number; bad: number }, Failure> {
  const since = opts.since === undefined ? undefined : lowerBound(opts.since);
  if (opts.since !== undefined && since === undefined) {
    return err(failure('export.bad-since', `--since must be an ISO 8601 instant with a zone, e.g. 2024-05-01T00:00:00Z; got "${opts.since}"`));
  }
  if (!existsSync(file)) return err(failure('export.no-journal', `no journal at ${file}`));
  const opened = openJournalDb(file, { readonly: true });
  if (!opened.ok) return opened;
  const db = opened.value;
  try {
    return attempt(() => {
      const rows =
        since === undefined
          ? db.prepare(`SELECT ${DECISION_SELECT} FROM decisions ORDER BY seq`).iterate()
          : db.prepare(`SELECT ${DECISION_SELECT} FROM decisions WHERE at >= ? ORDER BY seq`).iterate(since);
      const line = opts.format === 'jsonl' ? jsonlLine : csvLine;
      if (opts.format === 'csv') out.line(CSV_HEADER.join(','));
      let count = 0;
      let bad = 0;
      for (const raw of rows) {
        const r = recordOf(raw);
        if (r.ok) {
          out.line(line(r.value.seq, quoted(r.value.record, opts.catalogue)));
          count++;
        } else {
          out.badRow(failure('export.bad-row', `decision ${r.error.seq} (${r.error.id}): ${r.error.message}`));
          bad++;
        }
      }
      return { count, bad };
    });
  } finally {
    db.close();
  }
}
