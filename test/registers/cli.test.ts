/** `gate import` as the compiled command module runs it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resourcePath } from '../../main/resources.js';
import { tempDir } from '../journal/helpers.js';
import { runCommand, writeConfig } from '../journal/run-command.js';

let tmp: ReturnType<typeof tempDir>;
let config: string;
let journalFile: string;
beforeEach(() => {
  tmp = tempDir();
  config = writeConfig(tmp.dir, './data');
  journalFile = join(tmp.dir, 'data', 'journal.sqlite');
});
afterEach(() => tmp.remove());

const gateImport = (...args: string[]): ReturnType<typeof runCommand> => runCommand('registers/cli.js', 'importCommand', [...args, '--config', config]);
const example = (kind: string): string => join(resourcePath('registers', 'examples'), `${kind}.json`);

describe('gate import', () => {
  it('imports each example into the config\'s data folder (created if need be), and journals it', () => {
    for (const kind of ['district-key', 'residents', 'quarantine', 'risk-areas', 'issuer-keys']) {
      const r = gateImport(kind, '--file', example(kind));
      expect(r, r.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^imported ${kind}: `)) });
    }
    const db = new Database(journalFile, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM residents').pluck().get()).toBe(3);
    const detail = JSON.parse(String(db.prepare("SELECT detail FROM events WHERE kind = 'registers.imported' ORDER BY id LIMIT 1 OFFSET 1").pluck().get())) as Record<string, unknown>;
    expect(detail).toMatchObject({ register: 'residents', rows: 3, source: example('residents'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    db.close();
  });

  it('a file with failing rows names them, exits 1 and changes nothing', () => {
    expect(gateImport('residents', '--file', example('residents')).code).toBe(1); // idNumber row, no district key yet
    expect(gateImport('district-key', '--file', example('district-key')).code).toBe(0);
    expect(gateImport('residents', '--file', example('residents')).code).toBe(0);
    const bad = join(tmp.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ ref: 'a'.repeat(64), household: 'H' }, { ref: 'b'.repeat(64), household: '' }]));
    const r = gateImport('residents', '--file', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('import.invalid: row 2: household: must not be empty');
    expect(r.stderr).toContain('residents: nothing imported, the register is unchanged');
    const db = new Database(journalFile, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM residents').pluck().get()).toBe(3);
    db.close();
  });

  it('usage errors exit 2; an unreadable or non-JSON file exits 1', () => {
    expect(gateImport('people', '--file', example('residents')).code).toBe(2);
    expect(gateImport('residents').code).toBe(2);
    expect(gateImport('residents', '--file', example('residents'), '--verbose').code).toBe(2);
    expect(gateImport('residents', '--file', join(tmp.dir, 'missing.json'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/^import\.unreadable: /) });
    mkdirSync(join(tmp.dir, 'x'));
    writeFileSync(join(tmp.dir, 'x', 'r.json'), '[{');
    expect(gateImport('residents', '--file', join(tmp.dir, 'x', 'r.json')).code).toBe(1);
  });
});
