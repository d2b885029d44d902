/**
 * The decision record: what the journal hashes and exports, and what goes up as a `decision` message
 * (resources/uplink/decision.schema.json). One definition for the three.
 */
import { z } from 'zod';
import { CREDENTIAL_KINDS, DIRECTIONS, type JsonValue, REGISTRATION_FIELDS, VERDICTS, VISITOR_CATEGORIES } from '../domain.js';
import { DECISION_NOTES, RULE_OUTCOMES } from '../policy/decision.js';
import { ruleEffect, ruleKind } from '../policy/rule-schemas.js';
import type { SessionEnding } from '../session/types.js';

/** Exhaustive by construction: a new SessionEnding fails to compile here until listed. */
const ENDINGS: { readonly [K in SessionEnding]: K } = {
  complete: 'complete',
  'step-timeout': 'step-timeout',
  'session-timeout': 'session-timeout',
  superseded: 'superseded',
};

export const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
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
      values: z.record(z.string(), jsonValue),
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

