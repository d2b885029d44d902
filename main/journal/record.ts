import { z } from 'zod';
import {
  CREDENTIAL_KINDS,
  type CredentialKind,
  DIRECTIONS,
  type JsonValue,
  REGISTRATION_FIELDS,
  type RegistrationField,
  VERDICTS,
  VISITOR_CATEGORIES,
  type VisitorCategory,
} from '../../src/domain.js';
import { type Decision, DECISION_NOTES, RULE_OUTCOMES } from '../../src/policy/decision.js';
import { ruleEffect, ruleKind } from '../../src/policy/rule-schemas.js';
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
  /** What the guard recorded about the person (contents sealed to the health authority under `sealedId`); null or absent: nothing. */
  readonly registration?: DecisionRegistration | null | undefined;
  /** The resident's household (from the residents register), for the exit quota; null or absent: none. */
  readonly household?: string | null | undefined;
  /** The lane has a passage input: an admit's passage is written when it is seen (Journal.recordPassage), not assumed. */
  readonly passageSensed?: boolean | undefined;
}

/** The journaled part of a registration: which fields were recorded, never their contents. */
export interface DecisionRegistration {
  readonly sealedId: string;
  readonly fields: readonly RegistrationField[];
  readonly category: VisitorCategory;
  /** The guard who registered the person. */
  readonly by: string;
}

/** Exhaustive by construction: a new SessionEnding fails to compile here until listed. */
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
 * `clock`, `registration` and `household` are always written; they are optional here only because
 * decisions journaled before they existed (schema version 1) lack them, and their bodies are hashed as written.
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
      kind: ruleKind,
      outcome: z.enum(RULE_OUTCOMES),
      effect: z.enum([...ruleEffect.options, 'none']),
      values: z.record(z.string(), json),
      cites: z.strictObject({ notice: z.string(), clause: z.string() }),
    }),
  ),
  notes: z.array(z.enum(DECISION_NOTES)),
  policy: z.strictObject({ id: z.string(), version: z.string(), sha256: z.string() }),
  /** The clock the decision was made by; `lastGoodSync` in epoch ms. */
  clock: z.strictObject({ source: z.string(), trusted: z.boolean(), lastGoodSync: z.number().nullable() }).optional(),
  registration: z
    .strictObject({ sealedId: z.string(), fields: z.array(z.enum(REGISTRATION_FIELDS)), category: z.enum(VISITOR_CATEGORIES), by: z.string() })
    .nullable()
    .optional(),
  household: z.string().nullable().optional(),
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
    clock: { source: d.clock.source, trusted: d.clock.trusted, lastGoodSync: d.clock.lastGoodSync },
    registration: registrationOf(input.registration),
    household: input.household ?? null,
  };
}

function registrationOf(r: DecisionRegistration | null | undefined): ExportRecord['registration'] {
  return r === undefined || r === null ? null : { sealedId: r.sealedId, fields: [...r.fields], category: r.category, by: r.by };
}
