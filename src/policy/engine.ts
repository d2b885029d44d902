/**
 * The policy engine: a pure function (policy, evidence, clock) → decision. It reads nothing else.
 * Only the configured rules decide; missing evidence never admits.
 */
import type { Direction, Evidence, Verdict } from '../domain.js';
import type { Decision, DecisionNote, RuleResult } from './decision.js';
import type { LoadedPolicy } from './load.js';
import type { Rule, RuleKind, RuleOf } from './schema.js';
import type { Evaluation } from './rules/evaluation.js';
import { evaluateIdentity } from './rules/identity.js';
import { evaluateMask } from './rules/mask.js';
import { evaluateTemperature } from './rules/temperature.js';

export interface DecisionContext {
  readonly direction: Direction;
  /** Epoch milliseconds from the injected clock. */
  readonly now: number;
}

const evaluators: { readonly [K in RuleKind]: (rule: RuleOf<K>, evidence: Evidence) => Evaluation } = {
  identity: evaluateIdentity,
  temperature: evaluateTemperature,
  mask: evaluateMask,
};

function evaluate(rule: Rule, evidence: Evidence, direction: Direction): RuleResult {
  const base = { id: rule.id, kind: rule.kind, cites: rule.cites };
  if (!rule.directions.includes(direction)) {
    return { ...base, outcome: 'NOT_APPLICABLE', effect: 'none', values: { directions: [...rule.directions] } };
  }
  const evaluator = evaluators[rule.kind] as (r: Rule, e: Evidence) => Evaluation;
  const { outcome, values } = evaluator(rule, evidence);
  const effect = outcome === 'FAILED' ? rule.onFail : outcome === 'MISSING_EVIDENCE' ? rule.onMissing : 'none';
  return { ...base, outcome, effect, values };
}

function notesFor(policy: LoadedPolicy, now: number): DecisionNote[] {
  const { from, until } = policy.doc.effective;
  if (now < Date.parse(from)) return ['policy-not-yet-effective'];
  if (until !== undefined && now >= Date.parse(until)) return ['policy-expired'];
  return [];
}

export function decide(policy: LoadedPolicy, evidence: Evidence, ctx: DecisionContext): Decision {
  const rules = policy.doc.rules.map((r) => evaluate(r, evidence, ctx.direction));
  const notes = notesFor(policy, ctx.now);
  const verdict: Verdict = rules.some((r) => r.effect === 'deny')
    ? 'deny'
    : rules.some((r) => r.effect === 'refer') || notes.length > 0
      ? 'refer'
      : 'admit';
  return {
    verdict,
    direction: ctx.direction,
    at: new Date(ctx.now).toISOString(),
    rules,
    notes,
    policy: { id: policy.doc.id, version: policy.doc.version, sha256: policy.sha256 },
  };
}

/** Which kinds of evidence the policy asks for at a lane of this direction: what the session must collect. */
export function requiredEvidence(policy: LoadedPolicy, direction: Direction): ReadonlySet<RuleKind> {
  return new Set(policy.doc.rules.filter((r) => r.directions.includes(direction)).map((r) => r.kind));
}

/** The temperature rule in force for a direction, if any; the session uses it to ask for re-measures. */
export function temperatureRuleFor(policy: LoadedPolicy, direction: Direction): RuleOf<'temperature'> | undefined {
  return policy.doc.rules.find((r): r is RuleOf<'temperature'> => r.kind === 'temperature' && r.directions.includes(direction));
}
