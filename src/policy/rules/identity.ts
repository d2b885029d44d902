import type { RuleOf } from '../schema.js';
import type { Evaluation, RuleInput } from './evaluation.js';

export function evaluateIdentity(rule: RuleOf<'identity'>, { evidence }: RuleInput): Evaluation {
  const id = evidence.identity;
  if (id === undefined) return { outcome: 'MISSING_EVIDENCE', values: { accepted: [...rule.params.accept] } };
  const accepted = rule.params.accept.includes(id.kind);
  return { outcome: accepted ? 'PASSED' : 'FAILED', values: { credential: id.kind, accepted: [...rule.params.accept] } };
}
