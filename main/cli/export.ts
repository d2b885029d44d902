/** `gate export`: decisions to stdout, one per line, oldest first; works while the gate runs. */
import { parseArgs } from 'node:util';
import { exportDecisions } from '../journal/export.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, complain, failWith, journalFileOf, withUsage, type CliCommand } from './command.js';

const usage = '  gate export --format jsonl|csv [--since ISO-8601] [--config FILE]     decisions to stdout, one per line';
const isFormat = (f: unknown): f is 'jsonl' | 'csv' => f === 'jsonl' || f === 'csv';

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
      const opts = values.since === undefined ? { format } : { format, since: values.since };
      const r = exportDecisions(file.value, opts, (line) => process.stdout.write(line + eol));
      if (!r.ok) return failWith(r.error.code === 'export.bad-since' ? EXIT_USAGE : EXIT_FAILURE, [r.error]);
      return EXIT_OK;
    }),
};
