/**
 * A backlog of realistic records, put into a journal's upstream queue in one transaction (Journal.record
 * would fsync each of them: 100,000 would take minutes). Decision bodies as the journal writes them.
 */
import { canonicalize } from 'json-canonicalize';
import { openJournalDb } from '../../main/journal/db.js';
import { toExportRecord } from '../../main/journal/record.js';
import { enqueue } from '../../main/journal/uplink-queue.js';
import { syntheticInput } from '../journal.js';

/** Queues `n` decision records into the journal at `file` (whose uplink must be on); returns the payload bytes. */
export function fillBacklog(file: string, n: number, tag: string): number {
  const db = openJournalDb(file);
  if (!db.ok) throw new Error(`${db.error.code}: ${db.error.message}`);
  let bytes = 0;
  try {
    db.value.transaction(() => {
      for (let i = 0; i < n; i++) {
        const input = syntheticInput(`${tag}-${i}`, i);
        const at = new Date(Date.parse(input.decision.at) + i).toISOString();
        const payload = canonicalize(toExportRecord(input, at));
        bytes += payload.length;
        enqueue(db.value, { kind: 'decision', id: input.id, at, payload });
      }
    })();
    // Leave no 100 MB WAL behind for the gate's next commit to checkpoint: the bench's filling is not the gate's work.
    db.value.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.value.close();
  }
  return bytes;
}
