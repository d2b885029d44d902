/**
 * Whether a bundle's body has its kind's format (docs/bundles.md §Kinds and bodies), checked with the
 * validators the gate reads those documents with: the policy's format (its citations are checked against the
 * gate's notice catalogue when it is applied), every register row, every notice, and for a district key its
 * sealed key and the claims of the two bundles inside (of the right kinds, hashed under one key). For
 * `gate bundle sign` and `verify`, on the platform's side; what a gate refuses on applying is the
 * BundleStore's (main/bundles/store.ts). Failures are `bundle.body-invalid`, named by their path under `body`.
 */
import { z } from 'zod';
import { districtKeyBody } from '../../src/bundles/district-key.js';
import { bundleClaims, type BundleClaims } from '../../src/bundles/envelope.js';
import type { BundleKind } from '../../src/bundles/kinds.js';
import { parseIssuerKey } from '../../src/credentials/issuer-key.js';
import { parseNotice } from '../../src/notices/catalogue.js';
import { validatePolicy } from '../../src/policy/load.js';
import { type Failure, failure } from '../../src/result.js';
import { issueLines } from '../../src/zod-issues.js';
import { MAX_ROWS, quarantineRow, residentRow, riskAreaRow } from '../registers/formats.js';

export type BodyFailure = Failure<'bundle.body-invalid'>;

/** At most this many problems are listed; the rest are counted. */
const MAX_LISTED = 20;

const rows = <T extends z.ZodType>(row: T): z.ZodArray<T> => z.array(row).max(MAX_ROWS);
const ROW_SCHEMAS = { residents: rows(residentRow), quarantine: rows(quarantineRow), 'risk-areas': rows(riskAreaRow) } as const;

const ROOT = '(root)';
/** `line` (`path: message`, or `(root): message` about the whole value) as a line about the value at `prefix`. */
const under = (prefix: string, line: string): string => (line.startsWith(ROOT) ? `${prefix}${line.slice(ROOT.length)}` : `${prefix}.${line}`);

/** Each element of `body` (an array) checked by `check`, its problems prefixed by the element's index. */
function eachElement(body: unknown, check: (element: unknown) => readonly Failure[]): string[] {
  if (!Array.isArray(body)) return [`${ROOT}: must be an array`];
  return body.flatMap((element: unknown, i) => check(element).map((f) => under(String(i), f.message)));
}

/** The claims of a bundle's JWS text, unverified (undefined when they are not gate.bundle/1 claims): for checking what a district-key body holds. */
export function unverifiedClaims(jws: string): BundleClaims | undefined {
  const payload = jws.trim().split('.')[1] ?? '';
  try {
    const parsed = bundleClaims.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function districtKeyProblems(body: unknown): string[] {
  const parsed = districtKeyBody.safeParse(body);
  if (!parsed.success) return issueLines(parsed.error);
  const inner = (['residents', 'quarantine'] as const).map((kind) => ({ kind, claims: unverifiedClaims(parsed.data[kind]) }));
  const problems = inner.flatMap(({ kind, claims }) => (claims?.kind === kind ? [] : [`${kind}: must be a ${kind} bundle (its JWS text)`]));
  const [residents, quarantine] = inner.map((i) => i.claims?.hashedUnder);
  if (problems.length === 0 && residents !== quarantine) problems.push(`quarantine: hashed under ${quarantine ?? '?'}, the residents under ${residents ?? '?'}: both must be under the sealed key`);
  return problems;
}

function problemsOf(kind: BundleKind, body: unknown): string[] {
  switch (kind) {
    case 'policy': {
      const policy = validatePolicy(body);
      return policy.ok ? [] : policy.error.map((f) => f.message);
    }
    case 'residents':
    case 'quarantine':
    case 'risk-areas': {
      const parsed = ROW_SCHEMAS[kind].safeParse(body);
      return parsed.success ? [] : issueLines(parsed.error);
    }
    case 'issuer-keys':
      // Like `gate import issuer-keys`: an array of keys, or one key alone.
      return eachElement(typeof body === 'object' && body !== null && !Array.isArray(body) ? [body] : body, (k) => {
        const key = parseIssuerKey(k);
        return key.ok ? [] : key.error;
      });
    case 'notices':
      return eachElement(body, (n) => {
        const notice = parseNotice(n);
        return notice.ok ? [] : notice.error;
      });
    case 'district-key':
      return districtKeyProblems(body);
  }
}

/** The ways `body` is not a `kind` body; none when it is. */
export function bodyFormatFailures(kind: BundleKind, body: unknown): BodyFailure[] {
  const problems = problemsOf(kind, body).map((line) => failure('bundle.body-invalid', under('body', line)));
  if (problems.length <= MAX_LISTED) return problems;
  return [...problems.slice(0, MAX_LISTED), failure('bundle.body-invalid', `… and ${problems.length - MAX_LISTED} more`)];
}
