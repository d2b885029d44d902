/**
 * gate import <residents|quarantine|risk-areas|issuer-keys|district-key> --file F [--config FILE]
 *
 * Replaces one register in the journal of the config's data folder with the JSON document in F (formats
 * in formats.ts and resources/registers/README.md), all or nothing, and journals the import; the district
 * key goes to `district-<fingerprint>.key` in that folder (main/registers/district-key-file.ts). Creates the folder if need be, and sets it to 0700. Safe while
 * the gate runs (WAL; the gate picks the change up through `SqliteRegisters.reloadIfChanged`).
 * Exit 0 imported; 1 the file is unreadable, not JSON or has failing rows (each printed as
 * `row N: field: message`), or the journal failed; 2 usage or configuration error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { failure } from '../../src/result.js';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, complain, failWith, journalFileOf, print, withUsage } from '../cli/command.js';
import { openJournalDb } from '../journal/db.js';
import { secureDataDir } from '../keys.js';
import { REGISTER_KINDS, type RegisterKind } from './formats.js';
import { importRegister } from './import.js';

const USAGE = `  gate import <${REGISTER_KINDS.join('|')}> --file FILE [--config FILE]`;

const isKind = (k: string | undefined): k is RegisterKind => (REGISTER_KINDS as readonly (string | undefined)[]).includes(k);

export const importCommand: CliCommand = {
  name: 'import',
  usage: USAGE,
  run: (args) =>
    withUsage(USAGE, () => {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { file: { type: 'string' }, config: { type: 'string' } } });
      const [kind, ...extra] = positionals;
      if (!isKind(kind) || extra.length > 0 || values.file === undefined) return failWith(EXIT_USAGE, [failure('usage', `usage:\n${USAGE}`)]);
      const file = resolve(values.file);
      let bytes: Buffer;
      let json: unknown;
      try {
        bytes = readFileSync(file);
        json = JSON.parse(bytes.toString('utf8'));
      } catch (e) {
        return failWith(EXIT_FAILURE, [failure('import.unreadable', `${file}: ${(e as Error).message}`)]);
      }
      const journalFile = journalFileOf(values.config);
      if (!journalFile.ok) return failWith(EXIT_USAGE, journalFile.error);
      const dataDir = secureDataDir(dirname(journalFile.value));
      if (!dataDir.ok) return failWith(EXIT_FAILURE, [dataDir.error]);
      const db = openJournalDb(journalFile.value);
      if (!db.ok) return failWith(EXIT_FAILURE, [db.error]);
      try {
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const r = importRegister(db.value, kind, json, { nowMs: Date.now(), source: file, sha256 });
        if (!r.ok) {
          complain(`${kind}: nothing imported, the register is unchanged`);
          return failWith(EXIT_FAILURE, r.error);
        }
        for (const w of r.value.warnings) complain(`warning: ${w}`);
        print(`imported ${kind}: ${r.value.rows} row${r.value.rows === 1 ? '' : 's'} (replacing ${r.value.replaced}) into ${journalFile.value}`);
        return EXIT_OK;
      } finally {
        db.value.close();
      }
    }),
};
