/**
 * What a gate can start with but should not: a configuration and a policy that do not fit together.
 * Warnings are logged at start and whenever the policy changes, and `gate start` prints them on stderr.
 */
import type { LoadedPolicy } from '../../src/policy/load.js';
import { failure, type Failure } from '../../src/result.js';
import type { ResolvedConfig } from './load.js';

export type ConfigWarningCode = 'config.no-authority-key';

/** Warnings about running `policy` under `config`; empty when they fit. */
export function configWarnings(config: Pick<ResolvedConfig, 'authorityPublicKey' | 'source'>, policy: LoadedPolicy): Failure<ConfigWarningCode>[] {
  if (config.authorityPublicKey !== undefined) return [];
  const registration = policy.doc.rules.find((r) => r.kind === 'registration' && r.params.nonResidents.length + r.params.residents.length > 0);
  if (registration === undefined) return [];
  return [
    failure(
      'config.no-authority-key',
      `policy ${policy.doc.id} rule "${registration.id}" needs registrations, but ${config.source} has no authorityPublicKey: every registration will be refused (see gate authority-keygen)`,
      'authorityPublicKey',
    ),
  ];
}
