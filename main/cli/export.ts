/**
 * `gate export`: decisions to stdout, one per line, oldest first, each rule's citation with the clause's own
 * words from the notice catalogue; works while the gate runs. A row that
 * cannot be exported (the journal was edited) is reported on stderr (`export.bad-row: decision N (id) …`)
 * and skipped; the export goes on, and ends with exit 1 and the count when there were any.
 */
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { failure } from '../../src/result.js';
import type { Catalogue } from '../../src/notices/catalogue.js';
import { catalogueInForce } from '../bundles/notices.js';
import { openJournalDb } from '../journal/db.js';
import { exportDecisions } from '../journal/export.js';
import { loadCatalogue } from '../notices/load.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, complain, failWith, journalFileOf, withUsage, type CliCommand } from './command.js';

const usage = '  gate export --format jsonl|csv [--since ISO-8601] [--config FILE]     decisions to stdout, one per line';
const isFormat = (f: unknown): f is 'jsonl' | 'csv' => f === 'jsonl' || f === 'csv';

/** The catalogue in force for the journal `file` (a journal that cannot be read is exportDecisions' to report: then the catalogue without it). */
function catalogueOf(file: string): Catalogue {
  const db = openJournalDb(file, { readonly: true });
  if (!db.ok) return loadCatalogue({ dataDir: dirname(file) }).catalogue;
  try {
    const inForce = catalogueInForce(db.value, dirname(file));
    return inForce.ok ? inForce.value.catalogue : loadCatalogue({ dataDir: dirname(file) }).catalogue;
  } finally {
    db.value.close();
  }
}

export const exportCommand: CliCommand = {
  name: 'export',
  usage,
  run: (args) =>
    withUsage(usage, () => {
      const { values } = parseArgs({ args, options: { format: { type: 'string' }, since: { type: 'string' }, config: { type: 'string' } } });
      const format = values.format;
      if (!isFormat(format)) {
        complain(`--format must be jsonl or csv\nusage:\n${usage}`);
        return EXIT_USAGE;
      }
      const file = journalFileOf(values.config);
      if (!file.ok) return failWith(EXIT_USAGE, file.error);
      // RFC 4180 wants CRLF between CSV records; JSON Lines uses LF.
      const eol = format === 'csv' ? '\r\n' : '\n';
      // The clause texts come from the catalogue the gate reads (shipped, and the notices bundle in force or the data folder's); a bad notice there is the gate's to report, not the export's.
      const catalogue = catalogueOf(file.value);
      const opts = values.since === undefined ? { format, catalogue } : { format, since: values.since, catalogue };
      const r = exportDecisions(file.value, opts, {
        line: (line) => process.stdout.write(line + eol),
        badRow: (f) => complain(`${f.code}: ${f.message}`),
      });
      if (!r.ok) return failWith(r.error.code === 'export.bad-since' ? EXIT_USAGE : EXIT_FAILURE, [r.error]);
      const { count, bad } = r.value;
      if (bad === 0) return EXIT_OK;
      return failWith(EXIT_FAILURE, [failure('export.bad-rows', `${bad} bad row${bad === 1 ? '' : 's'} (reported above, not exported); ${count} exported`)]);
    }),
};
