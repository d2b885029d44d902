import { refusalWords } from '../../credentials/refusal.js';
import type { RuleOf } from '../schema.js';
import { subjectCheck, type Evaluation, type RuleInput } from './evaluation.js';

/**
 * Health code: a code the gate refused fails; otherwise the colour's outcome, if the code is this
 * person's (its subject is the identity's district ref), accepted, and fresh.
 */
export function evaluateHealthCode(rule: RuleOf<'health-code'>, { evidence, clock }: RuleInput): Evaluation {
  const p = rule.params;
  const code = evidence.healthCode;
  if (code === undefined) return { outcome: 'MISSING_EVIDENCE', values: { accepted: [...p.accept] } };
  if (code.status === 'refused') return { outcome: 'FAILED', values: { via: 'signed-qr', refused: code.refusal, reason: refusalWords(code.refusal) } };
  if (code.status === 'unverifiable') return { outcome: 'MISSING_EVIDENCE', values: { unverifiable: code.reason }, effect: p.onUnverifiable };
  const values = { colour: code.colour, via: code.via, issuer: code.issuer, ageHours: Math.round(((clock.now - code.issuedAt) / 3_600_000) * 10) / 10, maxAgeHours: p.maxAgeHours };
  const check = subjectCheck(evidence.identity, code.subject);
  if (check === 'no-identity') return { outcome: 'MISSING_EVIDENCE', values: { ...values, subjectCheck: check } };
  if (check === 'no-district-key') return { outcome: 'MISSING_EVIDENCE', values: { ...values, subjectCheck: check }, effect: p.onUnverifiable };
  if (!p.accept.includes(code.via)) return { outcome: 'FAILED', values: { ...values, accepted: [...p.accept] } };
  if (check === 'mismatch') return { outcome: 'FAILED', values: { ...values, subjectMismatch: true } };
  if (clock.now - code.issuedAt > p.maxAgeHours * 3_600_000) return { outcome: 'FAILED', values: { ...values, stale: true } };
  const outcome = p.outcomes[code.colour];
  return outcome === 'pass' ? { outcome: 'PASSED', values } : { outcome: 'FAILED', values, effect: outcome };
}
