/**
 * Which start-up failures are the configuration's fault — the config file, or the policy file it names —
 * rather than the machine's. `gate start` and the Electron shell exit 2 ("configuration error") on
 * them and 1 on anything else, so a supervisor can tell "fix the files" from "retry".
 */
import type { Failure } from '../../src/result.js';
import { EXIT_FAILURE, EXIT_USAGE } from '../cli/command.js';

/** Configuration failures are coded `config.*`: loadConfig's own, and the first policy's as `config.policy.*`. */
export const isConfigurationFailure = (f: Failure): boolean => f.code.startsWith('config.');

/** A failure of the policy file `file` at start, as a configuration failure naming the file: `policy.invalid` → `config.policy.invalid`. */
export function policyFileFailure(file: string, f: Failure): Failure {
  return { ...f, code: `config.${f.code}`, message: f.message.startsWith(file) ? f.message : `${file}: ${f.message}` };
}

/** The exit code for a gate that failed to start: 2 when any failure is the configuration's, else 1. */
export const startFailureExitCode = (failures: readonly Failure[]): number => (failures.some(isConfigurationFailure) ? EXIT_USAGE : EXIT_FAILURE);
