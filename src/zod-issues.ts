import type { z } from 'zod';
import { failure, type Failure } from './result.js';

const pathOf = (issue: z.core.$ZodIssue): string => issue.path.map(String).join('.');

/** `field.path: message` for each zod issue; `root` names an issue about the whole value. */
export function issueLines(error: z.ZodError, root = '(root)'): string[] {
  return error.issues.map((issue) => `${pathOf(issue) === '' ? root : pathOf(issue)}: ${issue.message}`);
}

/** Turns zod issues into field-named failures: `rules.1.params.thresholdC: Too small: expected >=35`. */
export function fieldFailures(code: string, error: z.ZodError): Failure[] {
  const lines = issueLines(error);
  return error.issues.map((issue, i) => failure(code, lines[i] ?? issue.message, pathOf(issue)));
}

export function describeFailures(failures: readonly Failure[]): string {
  return failures.map((f) => f.message).join('; ');
}
