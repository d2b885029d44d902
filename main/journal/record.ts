import type { CredentialKind, RegistrationField, VisitorCategory } from '../../src/domain.js';
import type { Decision } from '../../src/policy/decision.js';
import type { ExportRecord } from '../../src/records/decision-record.js';
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

export { exportRecord, type ExportRecord } from '../../src/records/decision-record.js';

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
