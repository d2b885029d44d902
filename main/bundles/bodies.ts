/**
 * What each bundle kind's body must be, and the change it makes: a policy bundle's body is checked like the
 * policy file (format and notice catalogue) and journaled as a policy change; a register bundle's body is
 * exactly the `gate import` document, checked and written by the same code (main/registers/prepare.ts,
 * write.ts). A body that fails is `bundle.body-invalid`, its failures field-named (`body: row 3: household: …`).
 */
import type { BundleKind } from '../../src/bundles/kinds.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { describeFailures } from '../../src/zod-issues.js';
import { policyChangeWriter } from '../journal/policy-changes.js';
import type { PolicyStore } from '../policy/store.js';
import { keyFingerprint } from '../registers/district-key-file.js';
import type { RegisterKind } from '../registers/formats.js';
import { prepareRegister } from '../registers/prepare.js';
import { writeRegister } from '../registers/write.js';
import type { Change } from './changes.js';
import type { InForceRow } from './in-force.js';
import type { VerifiedBundle } from './jws.js';

export type BodyErrorCode = 'bundle.body-invalid' | 'bundle.wrong-district-key';

/** The row in force once `bundle` from `source` is applied at `nowMs`. */
export const bundleRow = (bundle: VerifiedBundle, source: string, nowMs: number, body: string | null = null): InForceRow => ({
  kind: bundle.claims.kind,
  version: bundle.claims.version,
  issuedAt: Date.parse(bundle.claims.issuedAt),
  appliedAt: nowMs,
  sha256: bundle.sha256,
  source,
  kid: bundle.kid,
  body,
});

export const bodyInvalid = (kind: BundleKind, failures: readonly Failure[]): Failure<'bundle.body-invalid'> =>
  failure('bundle.body-invalid', `${kind} body: ${describeFailures(failures)}`);

/** A policy bundle: its document in force through `policies`, journaled as a policy change from `source`. */
export function policyChange(bundle: VerifiedBundle, policies: PolicyStore, source: string, nowMs: number): Result<Change, Failure> {
  const text = JSON.stringify(bundle.claims.body ?? null);
  const next = policies.check(text);
  if (!next.ok) return err(bodyInvalid('policy', next.error));
  const record = policies.changeRecord(source, next);
  return ok({
    kind: 'policy',
    row: bundleRow(bundle, source, nowMs, text),
    write: (db) => policyChangeWriter(db)(record),
    after: () => policies.adopt(next.value, text, source),
  });
}

/**
 * A register bundle (residents, quarantine, risk-areas, issuer-keys). `districtKey`: the key its refs must
 * have been made with — the key in force, or the one a rotation brings — which `hashedUnder` must name.
 */
export function registerChange(bundle: VerifiedBundle, kind: Exclude<RegisterKind, 'district-key'>, districtKey: Uint8Array | undefined, source: string, nowMs: number): Result<Change, Failure> {
  const { hashedUnder } = bundle.claims;
  if (hashedUnder !== undefined) {
    const inForce = districtKey === undefined ? undefined : keyFingerprint(districtKey);
    if (hashedUnder !== inForce) {
      return err(failure('bundle.wrong-district-key', `${kind} version ${bundle.claims.version} is hashed under district key ${hashedUnder}, but ${inForce === undefined ? 'no district key is' : `${inForce} is`} in force`));
    }
  }
  const prepared = prepareRegister(kind, bundle.claims.body, districtKey);
  if (!prepared.ok) return err(bodyInvalid(kind, prepared.error));
  return ok({ kind, row: bundleRow(bundle, source, nowMs), write: (db) => void writeRegister(db, prepared.value) });
}
