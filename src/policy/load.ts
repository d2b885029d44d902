import { canonicalize } from 'json-canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { err, failure, ok, type Failure, type Result } from '../result.js';
import type { Catalogue } from '../notices/catalogue.js';
import { fieldFailures } from '../zod-issues.js';
import { checkCompliance } from './compliance.js';
import { POLICY_FORMAT, policySchema, type Policy } from './schema.js';

/** A validated policy with defaults applied, and the hash the platform can recompute. */
export interface LoadedPolicy {
  readonly doc: Policy;
  /** Lowercase hex SHA-256 of the RFC 8785 canonical JSON of the policy as written (before defaults). */
  readonly sha256: string;
}

/**
 * The policy hash: SHA-256 over the RFC 8785 (JCS) canonical form of the parsed JSON, before defaults are
 * applied, so two files that differ only in key order or whitespace hash alike, and a platform holding
 * the same document gets the same hash without knowing our defaults.
 */
export function policyHash(parsedJson: unknown): string {
  const canonical = canonicalize(parsedJson);
  if (canonical === undefined) throw new Error('policyHash: value has no JSON form');
  return bytesToHex(sha256(utf8ToBytes(canonical)));
}

/**
 * Parses policy text and checks it whole: its format, then against the notice catalogue (compliance.ts).
 * This is what a policy passes before it comes into force (main/policy/store.ts). Never throws: every
 * problem comes back as a field-named failure.
 */
export function parsePolicy(text: string, catalogue: Catalogue): Result<LoadedPolicy, Failure[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err([failure('policy.json', `not JSON: ${(e as Error).message}`)]);
  }
  return checkPolicy(json, catalogue);
}

/** A parsed policy document checked whole: its format, then against the catalogue. */
export function checkPolicy(json: unknown, catalogue: Catalogue): Result<LoadedPolicy, Failure[]> {
  const valid = validatePolicy(json);
  if (!valid.ok) return valid;
  const shortfalls = checkCompliance(valid.value.doc, catalogue);
  return shortfalls.length === 0 ? valid : err(shortfalls);
}

const MIGRATION = `this gate reads "${POLICY_FORMAT}": list catalogue notice ids in "notices" and cite clauses by their catalogue id (README, "Migrating a gate.policy/1 file")`;

/**
 * The format alone (no catalogue): for the engine's tests and tools that build policies. A policy comes
 * into force only through parsePolicy/checkPolicy. A `gate.policy/1` document is refused as `policy.old-format`.
 */
export function validatePolicy(json: unknown): Result<LoadedPolicy, Failure[]> {
  if (typeof json === 'object' && json !== null && (json as { format?: unknown }).format === 'gate.policy/1') {
    return err([failure('policy.old-format', `format: "gate.policy/1" is no longer read; ${MIGRATION}`, 'format')]);
  }
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) return err(fieldFailures('policy.invalid', parsed.error));
  return ok({ doc: parsed.data, sha256: policyHash(json) });
}
