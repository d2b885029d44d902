/**
 * The JSON text of one `records` batch (src/uplink/wire.ts `recordsBatch`), built by concatenation: every
 * payload is already canonical JSON in the queue, so nothing is parsed and re-serialised on the way out
 * (a 100,000-record drain is bound by this).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { WIRE_VERSION } from '../../src/uplink/wire.js';
import type { OutgoingBatch } from './transport.js';
import type { QueueRow } from './store.js';

export interface BatchOrigin {
  readonly gate: string;
  readonly epoch: string;
}

/** A fresh nonce for a batch or a heartbeat (src/uplink/wire.ts `nonce`): 16 random bytes, base64url. */
export const newNonce = (): string => randomBytes(16).toString('base64url');

export function wireBatch(origin: BatchOrigin, rows: readonly QueueRow[], sentAt: string): OutgoingBatch {
  const id = randomUUID();
  const nonce = newNonce();
  const gate = JSON.stringify(origin.gate);
  const epoch = JSON.stringify(origin.epoch);
  const records = rows.map(
    (r) => `{"gate":${gate},"epoch":${epoch},"seq":${r.seq},"id":${JSON.stringify(r.id)},"kind":${JSON.stringify(r.kind)},"at":${JSON.stringify(r.at)},"payload":${r.payload}}`,
  );
  const body = `{"v":${WIRE_VERSION},"batch":"${id}","gate":${gate},"epoch":${epoch},"sentAt":${JSON.stringify(sentAt)},"nonce":"${nonce}","records":[${records.join(',')}]}`;
  return { id, body, seqs: rows.map((r) => r.seq), nonce };
}
