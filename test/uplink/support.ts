/** Shared by the uplink tests: a temp folder, a valid one-record batch, a valid heartbeat. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BacklogRow } from '../../main/journal/uplink-queue.js';
import type { OutgoingBatch } from '../../main/uplink/transport.js';
import { wireBatch } from '../../main/uplink/wire-batch.js';

export const GATE = 'gate-test';

export function tempFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A valid batch of `n` `event` records (seq 1..n) for a fresh epoch. */
export function eventBatch(n = 1, epoch: string = randomUUID()): OutgoingBatch {
  const at = '2024-05-01T10:00:00.000Z';
  const rows = Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    kind: 'event' as const,
    id: `event:${i + 1}`,
    at,
    payload: JSON.stringify({ id: i + 1, at, kind: 'test.tick', detail: { n: i + 1 }, hash: 'a'.repeat(64) }),
  }));
  return wireBatch({ gate: GATE, epoch }, rows, at);
}

/** The JSON text of a valid heartbeat (heartbeat.schema.json) for `backlog`. */
export function heartbeatJson(epoch: string, backlog?: BacklogRow & { readonly oldest_at: string | null }): string {
  return JSON.stringify({
    v: 1,
    gate: GATE,
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
  });
}
