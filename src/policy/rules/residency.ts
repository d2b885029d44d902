import type { RuleOf } from '../schema.js';
import type { Evaluation, RuleInput } from './evaluation.js';

/** Residency: residents pass; exempt registered categories pass; anyone else meets `nonResident`. */
export function evaluateResidency(rule: RuleOf<'residency'>, { evidence, registers }: RuleInput): Evaluation {
  const id = evidence.identity;
  if (id === undefined) return { outcome: 'MISSING_EVIDENCE', values: {} };
  if (registers.residentHousehold(id.ref) !== undefined) return { outcome: 'PASSED', values: { resident: true } };
  const category = evidence.registration?.category ?? null;
  if (category !== null && rule.params.exempt.includes(category)) return { outcome: 'PASSED', values: { resident: false, exempt: category } };
  return { outcome: 'FAILED', values: { resident: false, category }, effect: rule.params.nonResident };
}
