import type { RuleOf } from '../schema.js';
import type { Evaluation, RuleInput } from './evaluation.js';

/** Home quarantine: a listed person may not pass (the policy gives the rule its directions, usually exit). */
export function evaluateQuarantineList(_rule: RuleOf<'quarantine-list'>, { evidence, registers, clock }: RuleInput): Evaluation {
  const id = evidence.identity;
  if (id === undefined) return { outcome: 'MISSING_EVIDENCE', values: {} };
  const listed = registers.quarantined(id.ref, clock.now);
  return { outcome: listed ? 'FAILED' : 'PASSED', values: { listed } };
}
