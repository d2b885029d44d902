/**
 * The writer of `policy_changes` rows: each with its chain link (row-chain.ts) and its uplink record, for
 * the Journal and for callers that journal a policy change inside their own write transaction (a policy
 * bundle, the policy file, with their `bundles` row and event). Throws outside a transaction.
 */
import type { Database } from 'better-sqlite3';
import type { PolicyChange } from '../policy/store.js';
import { instant } from './events.js';
import { type ChainedValues, chainAppender } from './row-chain.js';
import { enqueue } from './uplink-queue.js';

/** A policy change's `policy-change` payload (src/uplink/wire.ts) from its row. */
function payloadOf(id: number, hash: string, v: ChainedValues): Record<string, unknown> {
  return {
    id,
    at: v['at'],
    source: v['source'],
    outcome: v['outcome'],
    fromSha256: v['from_sha256'] ?? null,
    toSha256: v['to_sha256'] ?? null,
    policyId: v['policy_id'] ?? null,
    policyVersion: v['policy_version'] ?? null,
    detail: v['detail'] ?? null,
    hash,
  };
}

/** `c.at` must be an ISO instant (throws). */
export function policyChangeWriter(db: Database): (c: PolicyChange) => void {
  const append = chainAppender(db, 'policy_changes');
  return (c) => {
    const values: ChainedValues = {
      at: instant(c.at, 'policy change at'),
      source: c.source,
      outcome: c.outcome,
      from_sha256: c.fromSha256,
      to_sha256: c.toSha256,
      policy_id: c.policyId,
      policy_version: c.policyVersion,
      detail: c.detail,
    };
    const { id, hash } = append(values);
    enqueue(db, { kind: 'policy-change', id: `policy-change:${id}`, at: String(values['at']), payload: payloadOf(id, hash, values) });
  };
}
