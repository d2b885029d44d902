import type { Evidence } from '../../domain.js';
import type { RuleOf } from '../schema.js';
import type { Evaluation } from './evaluation.js';

export function evaluateIdentity(rule: RuleOf<'identity'>, evidence: Evidence): Evaluation {
  const id = evidence.identity;
  if (id === undefined) return { outcome: 'MISSING_EVIDENCE', values: { accepted: [...rule.params.accept] } };
  const accepted = rule.params.accept.includes(id.kind);
  return { outcome: accepted ? 'PASSED' : 'FAILED', values: { credential: id.kind, accepted: [...rule.params.accept] } };
}
