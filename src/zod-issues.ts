import type { z } from 'zod';
import { failure, type Failure } from './result.js';

/** Turns zod issues into field-named failures: `rules.1.params.thresholdC: Too small: expected >=35`. */
export function fieldFailures(code: string, error: z.ZodError): Failure[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return failure(code, `${path === '' ? '(root)' : path}: ${issue.message}`, path);
  });
}

export function describeFailures(failures: readonly Failure[]): string {
  return failures.map((f) => f.message).join('; ');
}
