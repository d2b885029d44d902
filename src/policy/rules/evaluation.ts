import type { JsonValue } from '../../domain.js';
import type { RuleOutcome } from '../decision.js';

/** What one rule evaluator returns; the engine adds id, kind, cites and effect. */
export interface Evaluation {
  readonly outcome: RuleOutcome;
  readonly values: { readonly [k: string]: JsonValue };
}
