/**
 * `npm start` and `npm run gate -- <command>`:
 *   start  [--headless] [--config FILE]                 run the gate (Electron kiosk, or headless host)
 *   export --format jsonl|csv [--since ISO] [--config FILE]   decisions to stdout, one per line
 * Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Failure } from '../src/result.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from './config/load.js';
import { JOURNAL_FILE } from './gate.js';
import { startHeadlessApp } from './headless-app.js';
import { exportDecisions } from './journal/export.js';
import { detectElectron } from './runtime.js';

const USAGE = `usage:
  gate start [--headless] [--config FILE]
  gate export --format jsonl|csv [--since ISO-8601] [--config FILE]`;

function fail(code: number, failures: readonly Failure[] | string): never {
  const lines = typeof failures === 'string' ? [failures] : failures.map((f) => `${f.code}: ${f.message}`);
  for (const l of lines) console.error(l);
  process.exit(code);
}

async function start(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { headless: { type: 'boolean', default: false }, config: { type: 'string' } } });
  const configFile = values.config ?? DEFAULT_CONFIG_FILE;
  if (!values.headless) {
    const electron = detectElectron();
    if (electron.available) {
      const main = join(fileURLToPath(new URL('.', import.meta.url)), 'electron', 'main.js');
      const child = spawn(electron.binary, [main, '--config', configFile], { stdio: 'inherit' });
      child.on('exit', (code) => process.exit(code ?? 1));
      return;
    }
    console.log(`starting headless: ${electron.why}`);
  }
  const config = loadConfig(configFile);
  if (!config.ok) fail(2, config.error);
  const app = await startHeadlessApp(config.value);
  if (!app.ok) fail(1, app.error);
  console.log(`kiosk UI: ${app.value.host.url}`);
  console.log(`journal: ${app.value.gate.journalFile}${config.value.demo.enabled ? ' (demo visitors running)' : ''}`);
  const shutdown = async (): Promise<void> => {
    await app.value.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

const isExportFormat = (f: unknown): f is 'jsonl' | 'csv' => f === 'jsonl' || f === 'csv';

function runExport(args: string[]): void {
  const { values } = parseArgs({ args, options: { format: { type: 'string' }, since: { type: 'string' }, config: { type: 'string' } } });
  const format = values.format;
  if (!isExportFormat(format)) return fail(2, `--format must be jsonl or csv\n${USAGE}`);
  const config = loadConfig(values.config ?? DEFAULT_CONFIG_FILE);
  if (!config.ok) fail(2, config.error);
  const file = join(config.value.dataDir, JOURNAL_FILE);
  const opts = values.since === undefined ? { format } : { format, since: values.since };
  const r = exportDecisions(file, opts, (line) => process.stdout.write(`${line}\n`));
  if (!r.ok) fail(r.error.code === 'export.bad-since' ? 2 : 1, [r.error]);
}

const [command = 'start', ...rest] = process.argv.slice(2);
try {
  if (command === 'start') await start(rest);
  else if (command === 'export') runExport(rest);
  else fail(2, USAGE);
} catch (e) {
  // parseArgs throws TypeError with a code for unknown or malformed options: a usage error, not a crash.
  if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) fail(2, `${e.message}\n${USAGE}`);
  throw e;
}
