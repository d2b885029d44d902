import { refusalWords } from '../../credentials/refusal.js';
import type { RuleOf } from '../schema.js';
import type { Evaluation, RuleInput } from './evaluation.js';

/** Identity: a refused resident pass fails; otherwise the credential's kind must be one the rule accepts. */
export function evaluateIdentity(rule: RuleOf<'identity'>, { evidence }: RuleInput): Evaluation {
  const accepted = [...rule.params.accept];
  const refused = evidence.refusedPass;
  if (refused !== undefined) return { outcome: 'FAILED', values: { credential: 'qr-pass', refused: refused.refusal, reason: refusalWords(refused.refusal), accepted } };
  const id = evidence.identity;
  if (id === undefined) return { outcome: 'MISSING_EVIDENCE', values: { accepted } };
  return { outcome: accepted.includes(id.kind) ? 'PASSED' : 'FAILED', values: { credential: id.kind, accepted } };
}
