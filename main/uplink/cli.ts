/**
 * gate uplink [status] [--config FILE] [--json]
 *   What waits to go up: records and bytes, the oldest, dropped and set-aside counts, the epoch, the caps.
 * gate uplink set-aside [--config FILE] [--json]
 *   The records the platform rejected, with its reason (seq, kind, id, at, reason, set_aside_at).
 * gate uplink requeue (--all | --seq N) [--config FILE]
 *   Puts set-aside records back in line once the platform takes them (journals `uplink.requeued`).
 *
 * Safe while the gate runs (its own connection; SQLite serialises the writes). Exit 2 for usage or
 * configuration errors, 1 when the journal cannot be opened.
 */
import { parseArgs } from 'node:util';
import { failure } from '../../src/result.js';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, failWith, journalFileOf, print, withUsage } from '../cli/command.js';
import { UplinkStore } from './store.js';

const USAGE = [
  '  gate uplink [status] [--config FILE] [--json]     what waits to go up',
  '  gate uplink set-aside [--config FILE] [--json]    records the platform rejected, with its reason',
  '  gate uplink requeue (--all | --seq N) [--config FILE]',
].join('\n');

export const uplinkCommand: CliCommand = {
  name: 'uplink',
  usage: USAGE,
  run: (args) =>
    withUsage(USAGE, () => {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { config: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' }, seq: { type: 'string' } },
      });
      const [sub = 'status', ...extra] = positionals;
      if (extra.length > 0 || !['status', 'set-aside', 'requeue'].includes(sub)) return failWith(EXIT_USAGE, [failure('usage', `unknown: ${positionals.join(' ')}\nusage:\n${USAGE}`)]);
      const seq = values.seq === undefined ? undefined : Number(values.seq);
      if (sub === 'requeue' && (values.all === true) === (values.seq !== undefined)) return failWith(EXIT_USAGE, [failure('usage', `requeue takes --all or --seq N\nusage:\n${USAGE}`)]);
      if (seq !== undefined && (!/^[0-9]+$/.test(values.seq ?? '') || seq < 1)) return failWith(EXIT_USAGE, [failure('usage', '--seq must be a whole number ≥ 1')]);
      const file = journalFileOf(values.config);
      if (!file.ok) return failWith(EXIT_USAGE, file.error);
      const store = UplinkStore.open(file.value);
      if (!store.ok) return failWith(EXIT_FAILURE, [store.error]);
      try {
        const s = store.value;
        if (sub === 'requeue') {
          print(`requeued ${s.requeue(new Date().toISOString(), seq)} records`);
        } else if (sub === 'set-aside') {
          const rows = s.setAsideRows();
          if (values.json === true) print(JSON.stringify(rows));
          else for (const r of rows) print(`${r.seq}\t${r.kind}\t${r.id}\t${r.at}\t${r.reason ?? ''}`);
        } else {
          const status = { epoch: s.epoch, ...s.summary() };
          if (values.json === true) print(JSON.stringify(status));
          else {
            print(`uplink ${status.enabled ? 'on' : 'off (no uplink configured at the last start)'}, epoch ${status.epoch}`);
            print(`waiting: ${status.records} records, ${status.bytes} bytes, oldest ${status.oldestAt ?? '-'} (cap ${status.maxRecords} records / ${status.maxBytes} bytes, ${status.whenFull})`);
            print(`dropped: ${status.dropped}; set aside: ${status.setAside}`);
          }
        }
        return EXIT_OK;
      } finally {
        store.value.close();
      }
    }),
};
