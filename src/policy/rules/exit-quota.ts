import type { RuleOf } from '../schema.js';
import { DAY_MS, type Evaluation, type RuleInput } from './evaluation.js';

/** Exit quota: at most `maxExits` per household per `perDays`; applies to residents only. */
export function evaluateExitQuota(rule: RuleOf<'exit-quota'>, { evidence, registers, clock }: RuleInput): Evaluation {
  const id = evidence.identity;
  if (id === undefined) return { outcome: 'MISSING_EVIDENCE', values: {} };
  const household = registers.residentHousehold(id.ref);
  if (household === undefined) return { outcome: 'NOT_APPLICABLE', values: { resident: false } };
  const { maxExits, perDays } = rule.params;
  const used = registers.exitsSince(household, clock.now - perDays * DAY_MS);
  return { outcome: used < maxExits ? 'PASSED' : 'FAILED', values: { used, maxExits, perDays } };
}
