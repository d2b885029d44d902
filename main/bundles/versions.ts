/**
 * The version rule (docs/bundles.md §Applying): per kind, a bundle must be newer than the one in
 * force; the very bundle in force again is `unchanged`; an older one, or one as old but different, is a
 * replay or a forgery and is refused. What did not come as a bundle (`gate import`, the policy file,
 * version null) is replaced by any bundle.
 */
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import type { BundleInForce } from './types.js';
import type { VerifiedBundle } from './jws.js';

export function versionCheck(inForce: BundleInForce | undefined, bundle: VerifiedBundle): Result<'newer' | 'unchanged', Failure<'bundle.rollback'>> {
  const { kind, version } = bundle.claims;
  if (inForce?.version === undefined || inForce.version === null) return ok('newer');
  if (version > inForce.version) return ok('newer');
  if (version === inForce.version && bundle.sha256 === inForce.sha256) return ok('unchanged');
  return err(
    failure(
      'bundle.rollback',
      version < inForce.version
        ? `${kind} version ${version} is older than version ${inForce.version} in force`
        : `${kind} version ${version} is in force already with different content (sha256 ${inForce.sha256.slice(0, 12)}…)`,
    ),
  );
}
