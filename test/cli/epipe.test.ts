/** `gate export … | head -1`: the reader leaves early; the export ends quietly, without a stack trace. */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Journal } from '../../main/journal/journal.js';
import { APP_ROOT } from '../../main/resources.js';
import { input, tempDir } from '../journal/helpers.js';
import { writeConfig } from '../journal/run-command.js';

const CLI = join(APP_ROOT, 'out', 'main', 'cli.js');
let tmp: ReturnType<typeof tempDir>;
let config: string;

beforeEach(() => {
  tmp = tempDir();
  config = writeConfig(tmp.dir, './data');
  mkdirSync(join(tmp.dir, 'data'));
  const journal = Journal.open(join(tmp.dir, 'data', 'journal.sqlite'));
  if (!journal.ok) throw new Error(journal.error.code);
  // ~3 KB a line, 60 lines: far more than a pipe holds, so the export is still writing when head has gone.
  const readingsC = Array.from({ length: 400 }, (_, i) => 36 + (i % 10) / 10);
  for (let n = 0; n < 60; n++) {
    const r = journal.value.record(input(n, { decision: { rules: [{ id: 't', kind: 'temperature', outcome: 'PASSED', effect: 'none', values: { readingsC }, cites: { notice: 'n', clause: 'c' } }] } }));
    if (!r.ok) throw new Error(r.error.code);
  }
  journal.value.close();
});
afterEach(() => tmp.remove());

it.each(['jsonl', 'csv'])('export --format %s | head -1 prints one line and exits 0, nothing on stderr', (format) => {
  const script = `set -o pipefail; "${process.execPath}" "${CLI}" export --format ${format} --config "${config}" | head -1`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, GATE_DATA_DIR: '' }, timeout: 30_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout.split('\n').filter((l) => l !== '')).toHaveLength(1);
});
