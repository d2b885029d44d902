import type { RuleOf } from '../schema.js';
import type { Evaluation, RuleInput } from './evaluation.js';

export function evaluateMask(rule: RuleOf<'mask'>, { evidence }: RuleInput): Evaluation {
  const mask = evidence.mask;
  if (mask === undefined) return { outcome: 'MISSING_EVIDENCE', values: { accepted: [...rule.params.accept] } };
  const accepted = rule.params.accept.includes(mask.kind);
  return { outcome: accepted ? 'PASSED' : 'FAILED', values: { evidence: mask.kind, accepted: [...rule.params.accept] } };
}
