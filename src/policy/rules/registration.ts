import type { RuleOf } from '../schema.js';
import type { Evaluation, RuleInput } from './evaluation.js';

/** "Information must be recorded": the fields the policy requires for this person were recorded (and sealed). */
export function evaluateRegistration(rule: RuleOf<'registration'>, { evidence, registers }: RuleInput): Evaluation {
  const id = evidence.identity;
  if (id === undefined) return { outcome: 'MISSING_EVIDENCE', values: {} };
  const resident = registers.residentHousehold(id.ref) !== undefined;
  const required = resident ? rule.params.residents : rule.params.nonResidents;
  const recorded = evidence.registration?.fields ?? [];
  const missing = required.filter((f) => !recorded.includes(f));
  return { outcome: missing.length === 0 ? 'PASSED' : 'MISSING_EVIDENCE', values: { resident, required: [...required], missing } };
}
