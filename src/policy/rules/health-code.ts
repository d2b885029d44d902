import type { RuleOf } from '../schema.js';
import type { Evaluation, RuleInput } from './evaluation.js';

/** Health code: the colour's outcome, if the code is this person's, accepted, and fresh. */
export function evaluateHealthCode(rule: RuleOf<'health-code'>, { evidence, clock }: RuleInput): Evaluation {
  const p = rule.params;
  const code = evidence.healthCode;
  if (code === undefined) return { outcome: 'MISSING_EVIDENCE', values: { accepted: [...p.accept] } };
  if (code.status === 'unverifiable') return { outcome: 'MISSING_EVIDENCE', values: { unverifiable: code.reason }, effect: p.onUnverifiable };
  const values = { colour: code.colour, via: code.via, issuer: code.issuer, ageHours: Math.round(((clock.now - code.issuedAt) / 3_600_000) * 10) / 10, maxAgeHours: p.maxAgeHours };
  if (!p.accept.includes(code.via)) return { outcome: 'FAILED', values: { ...values, accepted: [...p.accept] } };
  if (evidence.identity !== undefined && evidence.identity.ref !== code.subject) return { outcome: 'FAILED', values: { ...values, subjectMismatch: true } };
  if (clock.now - code.issuedAt > p.maxAgeHours * 3_600_000) return { outcome: 'FAILED', values: { ...values, stale: true } };
  const outcome = p.outcomes[code.colour];
  return outcome === 'pass' ? { outcome: 'PASSED', values } : { outcome: 'FAILED', values, effect: outcome };
}
