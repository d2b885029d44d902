/**
 * What the `gate` CLI dispatches to: one module per command, `{ name, usage, run(args) }`, returning the
 * process exit code (0 ok, 1 runtime failure, 2 usage or configuration error). Commands print results
 * to stdout and diagnostics to stderr, and never call process.exit themselves.
 */
import { join } from 'node:path';
import type { Failure, Result } from '../../src/result.js';
import { err, ok } from '../../src/result.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load.js';
import { JOURNAL_FILE } from '../journal/file.js';

export interface CliCommand {
  readonly name: string;
  /** One or more `gate …` usage lines. */
  readonly usage: string;
  run(args: string[]): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** One line to stdout. */
export const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** One line to stderr. */
export const complain = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Prints failures as `code: message` lines to stderr and returns `exit`. */
export function failWith(exit: number, failures: readonly Failure[]): number {
  for (const f of failures) complain(`${f.code}: ${f.message}`);
  return exit;
}

const isParseArgsError = (e: unknown): e is TypeError & { code: string } =>
  e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS');

/** Runs a command body; node:util parseArgs errors (unknown or malformed options) become usage errors (exit 2). */
export async function withUsage(usage: string, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (!isParseArgsError(e)) throw e;
    complain(`${e.message}\nusage:\n${usage}`);
    return EXIT_USAGE;
  }
}

/** The journal file of the config at `configFile` (default: the embedded default config; GATE_DATA_DIR overrides the folder). */
export function journalFileOf(configFile: string | undefined): Result<string, Failure[]> {
  const config = loadConfig(configFile ?? DEFAULT_CONFIG_FILE);
  return config.ok ? ok(join(config.value.dataDir, JOURNAL_FILE)) : err(config.error);
}
