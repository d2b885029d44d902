import { canonicalize } from 'json-canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { err, failure, ok, type Failure, type Result } from '../result.js';
import { fieldFailures } from '../zod-issues.js';
import { policySchema, type Policy } from './schema.js';

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

/** Parses and validates policy text. Never throws: every problem comes back as a field-named failure. */
export function parsePolicy(text: string): Result<LoadedPolicy, Failure[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err([failure('policy.json', `not JSON: ${(e as Error).message}`)]);
  }
  return validatePolicy(json);
}

export function validatePolicy(json: unknown): Result<LoadedPolicy, Failure[]> {
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) return err(fieldFailures('policy.invalid', parsed.error));
  return ok({ doc: parsed.data, sha256: policyHash(json) });
}
