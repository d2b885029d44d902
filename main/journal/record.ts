import { z } from 'zod';
import { CREDENTIAL_KINDS, type CredentialKind, DIRECTIONS, type JsonValue, VERDICTS } from '../../src/domain.js';
import { type Decision, DECISION_NOTES, RULE_OUTCOMES } from '../../src/policy/decision.js';
import { type RuleKind, ruleEffect } from '../../src/policy/schema.js';
import type { SessionEnding } from '../../src/session/types.js';

/** What the session hands the journal for one decision. */
export interface DecisionRecordInput {
  /** Globally unique decision id (the upstream's idempotency key). */
  readonly id: string;
  readonly lane: string;
  readonly decision: Decision;
  /** Who was decided about, masked for display; null when nobody was identified. */
  readonly subject: { readonly kind: CredentialKind; readonly masked: string } | null;
  readonly ending: SessionEnding;
}

/** Exhaustive by construction: a new RuleKind or SessionEnding fails to compile here until listed. */
const RULE_KINDS: { readonly [K in RuleKind]: K } = { identity: 'identity', temperature: 'temperature', mask: 'mask' };
const ENDINGS: { readonly [K in SessionEnding]: K } = {
  complete: 'complete',
  'step-timeout': 'step-timeout',
  'session-timeout': 'session-timeout',
  superseded: 'superseded',
};

const json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);

/**
 * One decision as exported and as hashed: `decisions.body` holds its RFC 8785 canonical JSON.
 * `seq` is not part of it (the export line adds it; the chain hashes it beside the body).
 */
export const exportRecord = z.strictObject({
  id: z.string(),
  /** Stored form: ISO UTC with milliseconds (time.ts). */
  at: z.string(),
  lane: z.string(),
  direction: z.enum(DIRECTIONS),
  verdict: z.enum(VERDICTS),
  subject: z.strictObject({ kind: z.enum(CREDENTIAL_KINDS), masked: z.string() }).nullable(),
  ending: z.enum(ENDINGS),
  rules: z.array(
    z.strictObject({
      id: z.string(),
      kind: z.enum(RULE_KINDS),
      outcome: z.enum(RULE_OUTCOMES),
      effect: z.enum([...ruleEffect.options, 'none']),
      values: z.record(z.string(), json),
      cites: z.strictObject({ notice: z.string(), clause: z.string() }),
    }),
  ),
  notes: z.array(z.enum(DECISION_NOTES)),
  policy: z.strictObject({ id: z.string(), version: z.string(), sha256: z.string() }),
});

export type ExportRecord = z.infer<typeof exportRecord>;

/** The export record for `input`, with `at` already in stored form. Copies field by field: nothing else leaks in. */
export function toExportRecord(input: DecisionRecordInput, at: string): ExportRecord {
  const { decision: d } = input;
  return {
    id: input.id,
    at,
    lane: input.lane,
    direction: d.direction,
    verdict: d.verdict,
    subject: input.subject === null ? null : { kind: input.subject.kind, masked: input.subject.masked },
    ending: input.ending,
    rules: d.rules.map((r) => ({
      id: r.id,
      kind: r.kind,
      outcome: r.outcome,
      effect: r.effect,
      values: r.values,
      cites: { notice: r.cites.notice, clause: r.cites.clause },
    })),
    notes: [...d.notes],
    policy: { id: d.policy.id, version: d.policy.version, sha256: d.policy.sha256 },
  };
}
