/**
 * The policy engine: a pure function (policy, evidence, registers, clock, stale bundles) → decision. It
 * reads nothing else. Only the configured rules decide; missing evidence never admits; a rule that needs
 * the time follows the policy's `clock.onUntrusted` while the clock cannot be trusted, and a rule that reads
 * a bundle kind past the policy's maximum age for it follows that kind's `onStale`.
 */
import { BUNDLE_KINDS, RULES_USING, type BundleKind } from '../bundles/kinds.js';
import type { ClockReading, Direction, Evidence, Verdict } from '../domain.js';
import type { Registers } from '../registers.js';
import type { Decision, DecisionNote, RuleResult } from './decision.js';
import type { LoadedPolicy } from './load.js';
import { TIME_DEPENDENT_KINDS, type Policy, type Rule, type RuleEffect, type RuleKind, type RuleOf } from './schema.js';
import type { Evaluation, RuleInput } from './rules/evaluation.js';
import { evaluateExitQuota } from './rules/exit-quota.js';
import { evaluateHealthCode } from './rules/health-code.js';
import { evaluateHighRiskTravel } from './rules/high-risk-travel.js';
import { evaluateHours } from './rules/hours.js';
import { evaluateIdentity } from './rules/identity.js';
import { evaluateMask } from './rules/mask.js';
import { evaluateQuarantineList } from './rules/quarantine-list.js';
import { evaluateRegistration } from './rules/registration.js';
import { evaluateResidency } from './rules/residency.js';
import { evaluateTemperature } from './rules/temperature.js';

/** One bundle kind past its maximum age: how old it is, or null when it was never applied. */
export interface StaleBundle {
  readonly ageMs: number | null;
}
export type StaleBundles = ReadonlyMap<BundleKind, StaleBundle>;

export interface DecisionContext {
  readonly direction: Direction;
  readonly clock: ClockReading;
  readonly registers: Registers;
  /**
   * The bundle kinds past their maximum age at this decision (main/bundles/freshness.ts); absent: none.
   * A kind the policy gives no maximum age (`freshness`) is ignored here.
   */
  readonly stale?: StaleBundles;
}

const evaluators: { readonly [K in RuleKind]: (rule: RuleOf<K>, input: RuleInput) => Evaluation } = {
  identity: evaluateIdentity,
  temperature: evaluateTemperature,
  mask: evaluateMask,
  'health-code': evaluateHealthCode,
  'high-risk-travel': evaluateHighRiskTravel,
  residency: evaluateResidency,
  'quarantine-list': evaluateQuarantineList,
  'exit-quota': evaluateExitQuota,
  hours: evaluateHours,
  registration: evaluateRegistration,
};

const timeDependent: ReadonlySet<RuleKind> = new Set(TIME_DEPENDENT_KINDS);

/** A stale kind the policy gives a maximum age, with the effect it gives the rules that read it. */
interface StaleKind {
  readonly kind: BundleKind;
  readonly ageMs: number | null;
  readonly onStale: RuleEffect;
}

/** The stale kinds this policy cares about, in BUNDLE_KINDS order. */
function staleKinds(policy: Policy, stale: StaleBundles | undefined): readonly StaleKind[] {
  if (stale === undefined || stale.size === 0 || policy.freshness === undefined) return [];
  const onStale = new Map(policy.freshness.map((f) => [f.kind, f.onStale]));
  return BUNDLE_KINDS.flatMap((kind) => {
    const s = stale.get(kind);
    const effect = onStale.get(kind);
    return s === undefined || effect === undefined ? [] : [{ kind, ageMs: s.ageMs, onStale: effect }];
  });
}

const strictest = (effects: readonly RuleEffect[]): RuleEffect => (effects.includes('deny') ? 'deny' : 'refer');
const hoursOf = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 36_000) / 100);

/**
 * A rule that reads a stale kind is not evaluated: MISSING_EVIDENCE with the strictest `onStale` of the kinds
 * it reads (and `clock.onUntrusted` too, when the clock is also untrusted and the rule needs the time).
 */
function staleResult(rule: Rule, input: RuleInput, stale: readonly StaleKind[]): Pick<RuleResult, 'effect' | 'values'> | undefined {
  const read = stale.filter((s) => RULES_USING[s.kind].includes(rule.kind));
  if (read.length === 0) return undefined;
  const untrusted = !input.clock.trusted && timeDependent.has(rule.kind);
  const effects = [...read.map((s) => s.onStale), ...(untrusted ? [input.onUntrustedClock] : [])];
  return {
    effect: strictest(effects),
    values: {
      stale: read.map((s) => s.kind),
      ageHours: Object.fromEntries(read.map((s) => [s.kind, hoursOf(s.ageMs)])),
      ...(untrusted ? { clock: 'untrusted' } : {}),
    },
  };
}

function evaluate(rule: Rule, input: RuleInput, stale: readonly StaleKind[]): RuleResult {
  const base = { id: rule.id, kind: rule.kind, cites: rule.cites };
  if (!rule.directions.includes(input.direction)) {
    return { ...base, outcome: 'NOT_APPLICABLE', effect: 'none', values: { directions: [...rule.directions] } };
  }
  const tooOld = staleResult(rule, input, stale);
  if (tooOld !== undefined) return { ...base, outcome: 'MISSING_EVIDENCE', ...tooOld };
  if (!input.clock.trusted && timeDependent.has(rule.kind)) {
    return { ...base, outcome: 'MISSING_EVIDENCE', effect: input.onUntrustedClock, values: { clock: 'untrusted' } };
  }
  const evaluator = evaluators[rule.kind] as (r: Rule, i: RuleInput) => Evaluation;
  const { outcome, values, effect } = evaluator(rule, input);
  const ruleEffect = outcome === 'FAILED' ? (effect ?? rule.onFail) : outcome === 'MISSING_EVIDENCE' ? (effect ?? rule.onMissing) : 'none';
  return { ...base, outcome, effect: ruleEffect, values };
}

function notesFor(policy: LoadedPolicy, now: number): DecisionNote[] {
  const { from, until } = policy.doc.effective;
  if (now < Date.parse(from)) return ['policy-not-yet-effective'];
  if (until !== undefined && now >= Date.parse(until)) return ['policy-expired'];
  return [];
}

export function decide(policy: LoadedPolicy, evidence: Evidence, ctx: DecisionContext): Decision {
  const input: RuleInput = { evidence, registers: ctx.registers, clock: ctx.clock, direction: ctx.direction, onUntrustedClock: policy.doc.clock.onUntrusted };
  const stale = staleKinds(policy.doc, ctx.stale);
  const rules = policy.doc.rules.map((r) => evaluate(r, input, stale));
  const notes = notesFor(policy, ctx.clock.now);
  const verdict: Verdict = rules.some((r) => r.effect === 'deny')
    ? 'deny'
    : rules.some((r) => r.effect === 'refer') || notes.length > 0
      ? 'refer'
      : 'admit';
  const { source, trusted, lastGoodSync } = ctx.clock;
  return {
    verdict,
    direction: ctx.direction,
    at: new Date(ctx.clock.now).toISOString(),
    rules,
    notes,
    policy: { id: policy.doc.id, version: policy.doc.version, sha256: policy.sha256 },
    clock: { source, trusted, lastGoodSync },
  };
}

/** The evidence a session gathers before deciding; the other rules read registers and the clock. */
export const EVIDENCE_STEPS = ['identity', 'temperature', 'mask', 'health-code', 'travel'] as const;
export type EvidenceStep = (typeof EVIDENCE_STEPS)[number];

const stepsOf: { readonly [K in RuleKind]: readonly EvidenceStep[] } = {
  identity: ['identity'],
  temperature: ['temperature'],
  // A mask is declared by someone identified (the session takes no declaration from nobody).
  mask: ['mask', 'identity'],
  // A code is evidence about a person: it must be bound to an identity before its rule can pass.
  'health-code': ['health-code', 'identity'],
  'high-risk-travel': ['travel', 'identity'],
  residency: ['identity'],
  'quarantine-list': ['identity'],
  'exit-quota': ['identity'],
  hours: [],
  // Registration arrives with the guard's manual entry; a missing one refers the person to the guard.
  registration: [],
};

/** Which evidence the policy asks for at a lane of this direction: what the session must collect. */
export function requiredEvidence(policy: LoadedPolicy, direction: Direction): ReadonlySet<EvidenceStep> {
  return new Set(policy.doc.rules.filter((r) => r.directions.includes(direction)).flatMap((r) => stepsOf[r.kind]));
}

/** Whether a signed health code identifies its holder at a lane of this direction: an identity rule there accepts `health-code`. */
export function healthCodeIdentifies(policy: LoadedPolicy, direction: Direction): boolean {
  return policy.doc.rules.some((r) => r.kind === 'identity' && r.directions.includes(direction) && r.params.accept.includes('health-code'));
}

/** The temperature rule in force for a direction, if any; the session uses it to ask for re-measures. */
export function temperatureRuleFor(policy: LoadedPolicy, direction: Direction): RuleOf<'temperature'> | undefined {
  return policy.doc.rules.find((r): r is RuleOf<'temperature'> => r.kind === 'temperature' && r.directions.includes(direction));
}
