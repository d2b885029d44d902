/** Shared by the uplink tests (HTTPS and MQTT): a temp folder, a valid batch of event records, a valid heartbeat. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BacklogRow } from '../../main/journal/uplink-queue.js';
import type { QueueRow } from '../../main/uplink/store.js';
import type { OutgoingBatch } from '../../main/uplink/transport.js';
import { newNonce, wireBatch } from '../../main/uplink/wire-batch.js';

export const GATE = 'gate-test';

export function tempFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface EventBatchOptions {
  /** The gate the batch is from; GATE by default. */
  readonly gate?: string;
  /** A fresh one by default. */
  readonly epoch?: string;
  /** The first record's upstream seq (1 by default); the others follow it. */
  readonly from?: number;
  /** How many records (1 by default). */
  readonly count?: number;
  /** Extra `detail` fields of every record (to make a batch large). */
  readonly detail?: Readonly<Record<string, string>>;
}

/** Record `seq` is at second `seq` of a fixed minute. */
const atSecond = (seq: number): string => new Date(Date.UTC(2024, 4, 1, 10, 0, seq)).toISOString();

/** A valid batch of `event` records, seqs `from` to `from + count - 1`, sent at the last one's time. */
export function eventBatch({ gate = GATE, epoch = randomUUID(), from = 1, count = 1, detail = {} }: EventBatchOptions = {}): OutgoingBatch {
  const rows = Array.from({ length: count }, (_, i): QueueRow => {
    const seq = from + i;
    const at = atSecond(seq);
    return { seq, kind: 'event', id: `event:${seq}`, at, payload: JSON.stringify({ id: seq, at, kind: 'test.tick', detail: { n: seq, ...detail }, hash: 'a'.repeat(64) }) };
  });
  return wireBatch({ gate, epoch }, rows, atSecond(from + count - 1));
}

/** The JSON text of a valid heartbeat (heartbeat.schema.json) of gate `gate` for `backlog`. */
export function heartbeatJson(epoch: string, backlog?: BacklogRow & { readonly oldest_at: string | null }, gate: string = GATE, nonce: string = newNonce()): string {
  return JSON.stringify({
    v: 1,
    gate,
    epoch,
    at: new Date().toISOString(),
    service: 'in-service',
    code: null,
    lanes: [{ id: 'lane-1', state: 'idle' }],
    backlog: {
      records: backlog?.records ?? 0,
      bytes: backlog?.bytes ?? 0,
      oldestAt: backlog?.oldest_at ?? null,
      dropped: backlog?.dropped ?? 0,
      setAside: backlog?.set_aside ?? 0,
    },
    clock: { trusted: true },
    bundles: [{ kind: 'quarantine', version: 3, ageS: 3600, stale: false }],
    nonce,
  });
}
