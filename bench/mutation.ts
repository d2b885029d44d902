/**
 * mutation.<folder>.score: runs `npm run mutate` (Stryker over src/policy and src/session, minutes, niced,
 * its output to stderr) and prints each folder's mutation score from the JSON report it writes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ROOT } from '../main/resources.js';
import type { Emit } from './figure.js';
import { figureName, folderScores } from './mutation-report.js';

/** The folders stryker.config.json mutates. */
const FOLDERS = ['src/policy', 'src/session'] as const;
const REPORT = join(APP_ROOT, 'out', 'mutation', 'mutation.json');

function fail(code: string, message: string): never {
  console.error(`${code}: ${message}`);
  process.exit(1);
}

export function run(emit: Emit): Promise<void> {
  const mutate = spawnSync('npm', ['run', '--silent', 'mutate'], { cwd: APP_ROOT, stdio: ['ignore', process.stderr, process.stderr] });
  if (mutate.status !== 0) fail('mutation.run-failed', `npm run mutate exited ${mutate.status ?? mutate.signal}`);
  let text: string;
  try {
    text = readFileSync(REPORT, 'utf8');
  } catch (e) {
    fail('mutation.report-missing', `${REPORT}: ${(e as Error).message}`);
  }
  const scores = folderScores(text, FOLDERS);
  if (!scores.ok) fail(scores.error.code, scores.error.message);
  for (const s of scores.value) emit({ name: figureName(s.folder), value: s.score, unit: 'percent', runs: s.valid });
  return Promise.resolve();
}
