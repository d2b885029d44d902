/**
 * Per-folder mutation scores from Stryker's JSON report (mutation-testing-report-schema, the file
 * stryker.config.json writes to out/mutation/mutation.json). The score is Stryker's: detected mutants
 * (Killed, Timeout) over valid ones (detected + Survived + NoCoverage), in percent; CompileError,
 * RuntimeError and Ignored mutants are not valid and count for nothing.
 */
import { z } from 'zod';
import { err, failure, ok, type Failure, type Result } from '../src/result.js';
import { issueLines } from '../src/zod-issues.js';

const MUTANT_STATUSES = ['Killed', 'Survived', 'NoCoverage', 'Timeout', 'CompileError', 'RuntimeError', 'Ignored', 'Pending'] as const;

/** The part of the report the scores need; the report carries much more (sources, locations, tests). */
export const mutationReport = z.looseObject({
  schemaVersion: z.string().min(1),
  files: z.record(z.string().min(1), z.looseObject({ mutants: z.array(z.looseObject({ id: z.string(), status: z.enum(MUTANT_STATUSES) })) })),
});

export interface FolderScore {
  /** The folder, e.g. `src/policy` (its subfolders included). */
  readonly folder: string;
  /** Percent of valid mutants detected, 0–100. */
  readonly score: number;
  /** Valid mutants: the denominator. */
  readonly valid: number;
}

/** The score of each folder, from the report's JSON text; file paths in the report are relative to the repository. */
export function folderScores(text: string, folders: readonly string[]): Result<FolderScore[], Failure> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err(failure('mutation.report-json', `the mutation report is not JSON: ${(e as Error).message}`));
  }
  const parsed = mutationReport.safeParse(json);
  if (!parsed.success) return err(failure('mutation.report-invalid', `the mutation report is not a Stryker report: ${issueLines(parsed.error).join('; ')}`));
  const scores: FolderScore[] = [];
  for (const folder of folders) {
    const mutants = Object.entries(parsed.data.files)
      .filter(([path]) => path.startsWith(`${folder}/`))
      .flatMap(([, file]) => file.mutants);
    if (mutants.some((m) => m.status === 'Pending')) return err(failure('mutation.report-incomplete', `${folder}: the report has mutants still pending (an interrupted run)`));
    const detected = mutants.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length;
    const valid = detected + mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').length;
    if (valid === 0) return err(failure('mutation.no-mutants', `${folder}: the report has no mutants there`));
    scores.push({ folder, score: (100 * detected) / valid, valid });
  }
  return ok(scores);
}

/** `src/policy` → `mutation.src_policy.score` (docs/benchmarks.md §2). */
export const figureName = (folder: string): string => `mutation.${folder.replaceAll('/', '_')}.score`;
