/**
 * What the `gate bundle` subcommands share: options, the files they read (each failure naming its file), the
 * summary line a bundle is printed as. Exit codes as main/cli/command.ts: 2 usage, 1 a file or a bundle refused.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { MAX_BUNDLE_BYTES } from '../../src/bundles/envelope.js';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { issueLines } from '../../src/zod-issues.js';
import { EXIT_USAGE, failWith } from '../cli/command.js';
import type { VerifiedBundle } from './jws.js';

/** The string options `names` of `args` (parseArgs, strict: an unknown option throws, which withUsage reports). */
export function stringOptions<N extends string>(args: string[], names: readonly N[]): Partial<Record<N, string>> {
  const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])) });
  return values as Partial<Record<N, string>>;
}

/** Exit 2 with `message` and the usage text. */
export const usageError = (message: string, usage: string): number => failWith(EXIT_USAGE, [failure('usage', `${message}\nusage:\n${usage}`)]);

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The text of `file`, at most `maxBytes` (a larger file is not read); failures are `code`, naming the file. */
export function readText<C extends string>(file: string, code: C, maxBytes = MAX_BUNDLE_BYTES): Result<string, Failure<C>> {
  try {
    const size = statSync(file).size;
    if (size > maxBytes) return err(failure(code, `${file}: ${size} bytes, more than ${maxBytes}`));
    return ok(readFileSync(file, 'utf8'));
  } catch (e) {
    return err(failure(code, `${file}: ${message(e)}`));
  }
}

/** The JSON document in `file`, as `schema` reads it (when given); failures are `code`, naming the file and each field. */
export function readJson<T, C extends string>(file: string, code: C, schema: z.ZodType<T>): Result<T, Failure<C>> {
  const text = readText(file, code);
  if (!text.ok) return text;
  let json: unknown;
  try {
    json = JSON.parse(text.value);
  } catch (e) {
    return err(failure(code, `${file}: not JSON: ${message(e)}`));
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? ok(parsed.data) : err(failure(code, `${file}: ${issueLines(parsed.error).join('; ')}`));
}

/** What `sign` and `verify` print of a bundle: one JSON line. */
export const summaryOf = (b: VerifiedBundle): string =>
  JSON.stringify({
    kind: b.claims.kind,
    version: b.claims.version,
    issuedAt: b.claims.issuedAt,
    kid: b.kid,
    sha256: b.sha256,
    ...(b.claims.hashedUnder === undefined ? {} : { hashedUnder: b.claims.hashedUnder }),
    ...(b.claims.gate === undefined ? {} : { gate: b.claims.gate }),
  });
