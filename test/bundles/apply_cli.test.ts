/** `gate bundle apply --file F`: the offline way in, in a child process, journaled like `gate import`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openJournalDb } from '../../main/journal/db.js';
import { tempDir } from '../journal/helpers.js';
import { runCommand, writeConfig } from '../journal/run-command.js';
import { bundle, signer } from './helpers.js';

const platform = signer('platform-1', ['risk-areas']);
let tmp: ReturnType<typeof tempDir>;
beforeAll(() => (tmp = tempDir()));
afterAll(() => tmp.remove());

it('applies a bundle, says unchanged for the same one, refuses a tampered one with its code, and journals each', () => {
  const dataDir = join(tmp.dir, 'data');
  const config = writeConfig(tmp.dir, dataDir, { bundles: { keys: [platform.config] } });
  const file = join(tmp.dir, 'areas.jws');
  const run = (): ReturnType<typeof runCommand> => runCommand('bundles/cli.js', 'bundleCommand', ['apply', '--file', file, '--config', config]);
  const text = bundle(platform, 'risk-areas', 3, [{ area: '420106', level: 'high', from: '2026-11-01' }]);
  writeFileSync(file, `${text}\n`);
  expect(run()).toMatchObject({ code: 0, stdout: expect.stringMatching(/^applied risk-areas version 3 into /) });
  expect(run()).toMatchObject({ code: 0, stdout: expect.stringMatching(/^unchanged risk-areas version 3/) });
  writeFileSync(file, bundle(platform, 'risk-areas', 2, []));
  expect(run()).toMatchObject({ code: 1, stderr: expect.stringContaining('bundle.rollback: risk-areas version 2 is older than version 3 in force') });
  expect(runCommand('bundles/cli.js', 'bundleCommand', ['apply', '--config', config])).toMatchObject({ code: 2 });

  const db = openJournalDb(join(dataDir, 'journal.sqlite'), { readonly: true });
  if (!db.ok) throw new Error(db.error.message);
  const events = db.value.prepare("SELECT kind, json_extract(detail, '$.source') AS source FROM events WHERE kind LIKE 'bundle.%' ORDER BY id").all();
  const rows = db.value.prepare('SELECT area FROM risk_areas').pluck().all();
  db.value.close();
  expect(events).toEqual([
    { kind: 'bundle.applied', source: `cli:${file}` },
    { kind: 'bundle.refused', source: `cli:${file}` },
  ]);
  expect(rows).toEqual(['420106']);
});
