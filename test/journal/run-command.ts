/**
 * Runs a compiled `gate` command module (`out/main/<module>`, built by the vitest global setup or by
 * `npx tsc -b main`) in a child process, the way main/cli.ts dispatches to it, and returns what it printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ROOT, resourcePath } from '../../main/resources.js';

export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const RUNNER = `
import { pathToFileURL } from 'node:url';
const [, file, name, ...args] = process.argv;
const mod = await import(pathToFileURL(file).href);
process.exitCode = await mod[name].run(args);
`;

/** `module` relative to out/main (e.g. `journal/cli.js`), `exportName` the command object (e.g. `verifyCommand`). */
export function runCommand(module: string, exportName: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): CommandRun {
  const file = join(APP_ROOT, 'out', 'main', module);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx tsc -b main\` (or vitest without GATE_SKIP_BUILD)`);
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', RUNNER, file, exportName, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GATE_LOG_LEVEL: 'silent', GATE_DATA_DIR: '', ...env },
    timeout: 60_000,
  });
  if (r.error !== undefined) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Writes a gate config (the embedded default, with `dataDir`) to `dir/gate.json` and returns its path. */
export function writeConfig(dir: string, dataDir: string, extra: Record<string, unknown> = {}): string {
  const config = { ...(JSON.parse(readFileSync(resourcePath('config', 'default.json'), 'utf8')) as object), dataDir, ...extra };
  const file = join(dir, 'gate.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** The sqlite3 command-line shell, or a clear failure when it is not installed. */
export function sqlite3Cli(): string {
  const bin = '/usr/bin/sqlite3';
  if (!existsSync(bin)) throw new Error(`${bin} is missing: install the Debian package sqlite3 (.ci/run does)`);
  return bin;
}
