/**
 * What comes down from the district platform, one signed bundle per kind (docs/bundles.md), and which rules
 * each kind feeds: a rule that uses a bundle past its maximum age follows the policy's `freshness` entry
 * for that kind. Pure vocabulary; no I/O.
 */
import type { RuleKind } from '../policy/schema.js';

export const BUNDLE_KINDS = ['policy', 'residents', 'quarantine', 'risk-areas', 'issuer-keys', 'notices', 'district-key'] as const;
export type BundleKind = (typeof BUNDLE_KINDS)[number];

/**
 * What a signing key may be trusted for (config `bundles.keys[].kinds`): any bundle kind, and `time`, the
 * signed time in the platform's ack that restores trust in the clock (docs/bundles.md §Time).
 */
export const KEY_SCOPES = [...BUNDLE_KINDS, 'time'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** Bundle kinds whose rows are district refs: they carry `hashedUnder`, the fingerprint of the district key they were hashed with. */
export const HASHED_KINDS = ['residents', 'quarantine'] as const satisfies readonly BundleKind[];

const EVERY_RULE: readonly RuleKind[] = ['identity', 'temperature', 'mask', 'health-code', 'high-risk-travel', 'residency', 'quarantine-list', 'exit-quota', 'hours', 'registration'];

/**
 * The rule kinds that read each bundle kind. The policy and the notice catalogue shape every rule; the
 * district key makes the refs that residency, the quarantine list, the exit quota and health-code subjects
 * are matched by.
 */
export const RULES_USING: { readonly [K in BundleKind]: readonly RuleKind[] } = {
  policy: EVERY_RULE,
  notices: EVERY_RULE,
  residents: ['residency', 'exit-quota'],
  quarantine: ['quarantine-list'],
  'risk-areas': ['high-risk-travel'],
  'issuer-keys': ['health-code', 'identity'],
  'district-key': ['residency', 'quarantine-list', 'exit-quota', 'health-code'],
};
