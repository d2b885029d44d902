/**
 * A reference evaluator for policies, written from the README's rule table and docs/policy.md ("How a decision
 * is made" and "Rule kinds") alone, as plainly as possible, to be compared decision by decision with the engine
 * (test/src/reference_engine.test.ts). It imports types only: no rule evaluator, no engine helper, no shared
 * constant, so a mistake in src/policy/ cannot also be made here by reuse. Where the two disagree, the docs
 * decide which one is wrong.
 */
import type { Evidence, Verdict } from '../../src/domain.js';
import type { DecisionNote, RuleOutcome } from '../../src/policy/decision.js';
import type { DecisionContext } from '../../src/policy/engine.js';
import type { LoadedPolicy } from '../../src/policy/load.js';
import type { Rule, RuleOf } from '../../src/policy/schema.js';
import type { Registers } from '../../src/registers.js';

type Effect = 'deny' | 'refer' | 'none';

export interface ReferenceRuleResult {
  readonly id: string;
  readonly kind: Rule['kind'];
  readonly outcome: RuleOutcome;
  readonly effect: Effect;
  /** Which sentence of the docs decided it, e.g. `bundle-stale`, `no-identity`: for coverage, not compared. */
  readonly because: string;
}

export interface ReferenceDecision {
  readonly verdict: Verdict;
  readonly notes: readonly DecisionNote[];
  readonly rules: readonly ReferenceRuleResult[];
}

/** A kind's own answer; `effect` is set only where the docs say the kind sets its own instead of onFail/onMissing. */
interface Answer {
  readonly outcome: RuleOutcome;
  readonly because: string;
  readonly effect?: 'deny' | 'refer';
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const passed = (because: string): Answer => ({ outcome: 'PASSED', because });
const failed = (because: string, effect?: 'deny' | 'refer'): Answer => (effect === undefined ? { outcome: 'FAILED', because } : { outcome: 'FAILED', because, effect });
const missing = (because: string, effect?: 'deny' | 'refer'): Answer =>
  effect === undefined ? { outcome: 'MISSING_EVIDENCE', because } : { outcome: 'MISSING_EVIDENCE', because, effect };

/** "the time-dependent kinds (`health-code`, `high-risk-travel`, `quarantine-list`, `exit-quota`, `hours`)" */
function needsTheTime(kind: Rule['kind']): boolean {
  return kind === 'health-code' || kind === 'high-risk-travel' || kind === 'quarantine-list' || kind === 'exit-quota' || kind === 'hours';
}

/**
 * docs/policy.md, "Freshness": which rules read each bundle kind, copied from its table (not imported, so
 * a mistake in src/bundles/kinds.ts cannot also be made here).
 */
const READ_BY: Readonly<Record<string, readonly Rule['kind'][]>> = {
  policy: ['identity', 'temperature', 'mask', 'health-code', 'high-risk-travel', 'residency', 'quarantine-list', 'exit-quota', 'hours', 'registration'],
  residents: ['residency', 'exit-quota'],
  quarantine: ['quarantine-list'],
  'risk-areas': ['high-risk-travel'],
  'issuer-keys': ['health-code', 'identity'],
  notices: ['identity', 'temperature', 'mask', 'health-code', 'high-risk-travel', 'residency', 'quarantine-list', 'exit-quota', 'hours', 'registration'],
  'district-key': ['residency', 'quarantine-list', 'exit-quota', 'health-code'],
};

/**
 * 3. "A rule that reads a bundle kind which is stale — older than the policy's freshness gives it — is not
 * evaluated: MISSING_EVIDENCE with that kind's onStale ... the strictest onStale wins (deny over refer); a
 * time-dependent rule while the clock is also untrusted takes the stricter of that and clock.onUntrusted."
 */
function staleEffect(rule: Rule, policy: LoadedPolicy['doc'], ctx: DecisionContext): 'deny' | 'refer' | undefined {
  const effects: ('deny' | 'refer')[] = [];
  for (const entry of policy.freshness ?? []) {
    if (ctx.stale?.has(entry.kind) === true && READ_BY[entry.kind]!.includes(rule.kind)) effects.push(entry.onStale);
  }
  if (effects.length === 0) return undefined;
  if (!ctx.clock.trusted && needsTheTime(rule.kind)) effects.push(policy.clock.onUntrusted);
  return effects.includes('deny') ? 'deny' : 'refer';
}

/** The UTC calendar date of an instant, YYYY-MM-DD. */
function utcDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** "HH:MM" as minutes after midnight. */
function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Whether the code's subject is the identified person: 'yes', 'no', or why it cannot be told. */
function isThisPersons(evidence: Evidence, subject: string): 'yes' | 'no' | 'no-identity' | 'no-district-key' {
  const id = evidence.identity;
  if (id === undefined) return 'no-identity';
  if (id.refKey !== 'district') return 'no-district-key';
  return id.ref === subject ? 'yes' : 'no';
}

function identity(rule: RuleOf<'identity'>, evidence: Evidence, clock: DecisionContext['clock'], onUntrusted: 'deny' | 'refer'): Answer {
  // "A signed resident pass the gate refused: FAILED."
  if (evidence.refusedPass !== undefined) return failed('refused-pass');
  // "No credential: MISSING_EVIDENCE."
  if (evidence.identity === undefined) return missing('no-credential');
  // "A credential whose kind is not in `accept`: FAILED."
  if (!rule.params.accept.includes(evidence.identity.kind)) return failed('not-accepted');
  const validTo = evidence.document?.validTo;
  if (validTo === undefined) return passed('accepted');
  if (validTo === 'long-term') return passed('accepted-long-term');
  // "`expired` is true when the last valid day is before the UTC date of the decision ... `"unknown"` for a dated
  // document while the clock is untrusted."
  const refuse = rule.params.expiredDocuments === 'refuse';
  // "With `expiredDocuments: "refuse"` ... an `unknown` one is MISSING_EVIDENCE with effect `clock.onUntrusted`"
  if (!clock.trusted) return refuse ? missing('expiry-unknown', onUntrusted) : passed('expiry-unknown-identifies');
  const today = utcDate(clock.now);
  const edge = validTo === today ? '-last-day' : '';
  // "an expired document FAILS ... with "identify" the validity is only recorded."
  if (validTo < today) return refuse ? failed('expired-refused') : passed('expired-identifies');
  return passed(`valid${edge}`);
}

function temperature(rule: RuleOf<'temperature'>, evidence: Evidence): Answer {
  const { thresholdC, remeasures, plausibleC } = rule.params;
  // "A reading is plausible when plausibleC.min ≤ reading ≤ plausibleC.max; any other reading (or one that is
  // not a number) is a sensor fault ... it never decides."
  const plausible: number[] = [];
  for (const r of evidence.temperatures) {
    const c = r.bodyC;
    if (typeof c === 'number' && !Number.isNaN(c) && plausibleC.min <= c && c <= plausibleC.max) plausible.push(c);
  }
  const faults = plausible.length < evidence.temperatures.length ? '+faults' : '';
  // "no plausible reading at all: MISSING_EVIDENCE."
  if (plausible.length === 0) return missing(`no-plausible-reading${faults}`);
  // "The latest plausible reading decides."
  const latest = plausible[plausible.length - 1]!;
  // "below thresholdC: PASSED"
  if (latest < thresholdC) return passed(`below-threshold${faults}`);
  const atThreshold = latest === thresholdC ? '-at-threshold' : '';
  // "at or above thresholdC (a fever) with more than `remeasures` plausible readings taken: FAILED;
  //  a fever with at most `remeasures` plausible readings taken: ... MISSING_EVIDENCE."
  return plausible.length > remeasures ? failed(`fever${atThreshold}${faults}`) : missing(`remeasure${atThreshold}${faults}`);
}

function mask(rule: RuleOf<'mask'>, evidence: Evidence): Answer {
  if (evidence.mask === undefined) return missing('no-mask-evidence');
  return rule.params.accept.includes(evidence.mask.kind) ? passed('accepted') : failed('not-accepted');
}

function healthCode(rule: RuleOf<'health-code'>, evidence: Evidence, now: number): Answer {
  const p = rule.params;
  const code = evidence.healthCode;
  // 1. no code
  if (code === undefined) return missing('no-code');
  // 2. a signed code the gate refused
  if (code.status === 'refused') return failed(`refused:${code.refusal}`);
  // 3. the online check timed out, was unreachable or refused: MISSING_EVIDENCE with effect onUnverifiable
  if (code.status === 'unverifiable') return missing(`unverifiable:${code.reason}`, p.onUnverifiable);
  const whose = isThisPersons(evidence, code.subject);
  // 4. nobody identified to bind it to
  if (whose === 'no-identity') return missing('no-identity');
  // 5. no district key: MISSING_EVIDENCE with effect onUnverifiable
  if (whose === 'no-district-key') return missing('no-district-key', p.onUnverifiable);
  // 6. verified by a way not in accept
  if (!p.accept.includes(code.via)) return failed(`via-not-accepted:${code.via}`);
  // 7. another person's code
  if (whose === 'no') return failed('subject-mismatch');
  // 8. its colour was set more than maxAgeHours before now
  const age = now - code.issuedAt;
  if (age > p.maxAgeHours * HOUR) return failed(age === p.maxAgeHours * HOUR + 1 ? 'stale-by-1ms' : 'stale');
  // 9. the colour's entry in outcomes: pass PASSED; refer or deny FAILED with that effect
  const what = p.outcomes[code.colour];
  const edge = age === p.maxAgeHours * HOUR ? 'at-max-age:' : '';
  return what === 'pass' ? passed(`${edge}${code.colour}:pass`) : failed(`${edge}${code.colour}:${what}`, what);
}

function highRiskTravel(rule: RuleOf<'high-risk-travel'>, evidence: Evidence, registers: Registers, now: number): Answer {
  const p = rule.params;
  const travel = evidence.travel;
  // "No history: MISSING_EVIDENCE. A signed travel code the gate refused: FAILED."
  if (travel === undefined) return missing('no-history');
  if (travel.status === 'refused') return failed(`refused:${travel.refusal}`);
  // "From a source not in accept: FAILED."
  if (!p.accept.includes(travel.via)) return failed(`via-not-accepted:${travel.via}`);
  // "Nobody identified, or no district key ...: MISSING_EVIDENCE (onMissing applies). Another person's code: FAILED."
  const whose = isThisPersons(evidence, travel.subject);
  if (whose === 'no-identity' || whose === 'no-district-key') return missing(whose);
  if (whose === 'no') return failed('subject-mismatch');
  // "a visit counts when its last day is on or after the date (UTC) withinDays days before now, and the
  // register listed that area at one of levels on that last day. Any counted visit: FAILED; none: PASSED."
  const earliestDay = utcDate(now - p.withinDays * DAY);
  let listedOutsideLevels = false;
  for (const visit of travel.visited) {
    if (visit.lastDay < earliestDay) continue;
    const level = registers.riskLevel(visit.area, visit.lastDay);
    if (level !== undefined && p.levels.includes(level)) return failed(visit.lastDay === earliestDay ? 'visit-on-earliest-day' : 'visit');
    if (level !== undefined) listedOutsideLevels = true;
  }
  return passed(listedOutsideLevels ? 'no-visit-at-levels' : travel.visited.length === 0 ? 'nowhere' : 'no-listed-visit');
}

function residency(rule: RuleOf<'residency'>, evidence: Evidence, registers: Registers): Answer {
  if (evidence.identity === undefined) return missing('no-identity');
  if (registers.residentHousehold(evidence.identity.ref) !== undefined) return passed('resident');
  // "Not on it, with a category in exempt: PASSED. Anyone else: FAILED with effect nonResident."
  const category = evidence.registration?.category;
  if (category !== undefined && rule.params.exempt.includes(category)) return passed('exempt');
  return failed('non-resident', rule.params.nonResident);
}

function quarantineList(evidence: Evidence, registers: Registers, now: number): Answer {
  if (evidence.identity === undefined) return missing('no-identity');
  return registers.quarantined(evidence.identity.ref, now) ? failed('listed') : passed('not-listed');
}

function exitQuota(rule: RuleOf<'exit-quota'>, evidence: Evidence, registers: Registers, now: number): Answer {
  if (evidence.identity === undefined) return missing('no-identity');
  // "Applies to residents only ... not a resident: NOT_APPLICABLE."
  const household = registers.residentHousehold(evidence.identity.ref);
  if (household === undefined) return { outcome: 'NOT_APPLICABLE', because: 'not-a-resident' };
  // "counts that household's exits at or after now − perDays × 24 h ... Fewer than maxExits: PASSED; maxExits or more: FAILED."
  const counted = registers.exitsSince(household, now - rule.params.perDays * DAY);
  if (counted < rule.params.maxExits) return passed(counted === rule.params.maxExits - 1 ? 'last-exit' : 'under-quota');
  return failed(counted === rule.params.maxExits ? 'quota-just-used' : 'over-quota');
}

function hours(rule: RuleOf<'hours'>, now: number): Answer {
  // "The gate's local time is UTC + utcOffsetMinutes": count whole local minutes since 1970-01-01 00:00 local.
  const localMinutes = Math.floor(now / 60_000) + rule.params.utcOffsetMinutes;
  const localDay = Math.floor(localMinutes / (24 * 60));
  const minuteOfDay = localMinutes - localDay * 24 * 60;
  // 1970-01-01 was a Thursday, ISO weekday 4 (1 = Monday … 7 = Sunday).
  const weekday = ((((localDay + 3) % 7) + 7) % 7) + 1;
  // "PASSES when some window lists the local date's ISO weekday in days and from ≤ local time < to, compared to the minute"
  let edge = '';
  for (const w of rule.params.windows) {
    if (!w.days.includes(weekday)) continue;
    if (minuteOfDay === minutesOf(w.from)) edge = '-at-from';
    if (minuteOfDay === minutesOf(w.to)) edge = '-at-to';
    if (minutesOf(w.from) <= minuteOfDay && minuteOfDay < minutesOf(w.to)) return passed(`open${edge}`);
  }
  return failed(`closed${edge}${minuteOfDay === 0 || minuteOfDay === 24 * 60 - 1 ? '-at-midnight' : ''}`);
}

function registration(rule: RuleOf<'registration'>, evidence: Evidence, registers: Registers): Answer {
  if (evidence.identity === undefined) return missing('no-identity');
  const resident = registers.residentHousehold(evidence.identity.ref) !== undefined;
  const required = resident ? rule.params.residents : rule.params.nonResidents;
  const recorded = evidence.registration === undefined ? [] : evidence.registration.fields;
  const who = resident ? 'resident' : 'non-resident';
  // "all recorded: PASSED; any missing: MISSING_EVIDENCE"
  return required.every((f) => recorded.includes(f)) ? passed(`${who}-recorded`) : missing(`${who}-fields-missing`);
}

function answer(rule: Rule, evidence: Evidence, registers: Registers, clock: DecisionContext['clock'], onUntrusted: 'deny' | 'refer'): Answer {
  const now = clock.now;
  switch (rule.kind) {
    case 'identity':
      return identity(rule, evidence, clock, onUntrusted);
    case 'temperature':
      return temperature(rule, evidence);
    case 'mask':
      return mask(rule, evidence);
    case 'health-code':
      return healthCode(rule, evidence, now);
    case 'high-risk-travel':
      return highRiskTravel(rule, evidence, registers, now);
    case 'residency':
      return residency(rule, evidence, registers);
    case 'quarantine-list':
      return quarantineList(evidence, registers, now);
    case 'exit-quota':
      return exitQuota(rule, evidence, registers, now);
    case 'hours':
      return hours(rule, now);
    case 'registration':
      return registration(rule, evidence, registers);
  }
}

function judge(rule: Rule, evidence: Evidence, ctx: DecisionContext, doc: LoadedPolicy['doc']): ReferenceRuleResult {
  const onUntrusted = doc.clock.onUntrusted;
  const result = (outcome: RuleOutcome, effect: Effect, because: string): ReferenceRuleResult => ({ id: rule.id, kind: rule.kind, outcome, effect, because });
  // 2. "A rule whose directions do not include the lane's direction is NOT_APPLICABLE and has no effect."
  if (!rule.directions.includes(ctx.direction)) return result('NOT_APPLICABLE', 'none', 'other-direction');
  const stale = staleEffect(rule, doc, ctx);
  if (stale !== undefined) return result('MISSING_EVIDENCE', stale, !ctx.clock.trusted && needsTheTime(rule.kind) ? 'bundle-stale+clock-untrusted' : 'bundle-stale');
  // 4. "While the gate's clock is not trusted, the time-dependent kinds are not evaluated: MISSING_EVIDENCE with effect clock.onUntrusted."
  if (!ctx.clock.trusted && needsTheTime(rule.kind)) return result('MISSING_EVIDENCE', onUntrusted, 'clock-untrusted');
  // 5. "FAILED takes the rule's onFail effect (some kinds set their own); MISSING_EVIDENCE takes onMissing; PASSED and NOT_APPLICABLE have none."
  const a = answer(rule, evidence, ctx.registers, ctx.clock, onUntrusted);
  if (a.outcome === 'FAILED') return result('FAILED', a.effect ?? rule.onFail, a.because);
  if (a.outcome === 'MISSING_EVIDENCE') return result('MISSING_EVIDENCE', a.effect ?? rule.onMissing, a.because);
  return result(a.outcome, 'none', a.because);
}

/** The reference decision for the same inputs as the engine's `decide`. */
export function referenceDecide(policy: LoadedPolicy, evidence: Evidence, ctx: DecisionContext): ReferenceDecision {
  const doc = policy.doc;
  const rules = doc.rules.map((r) => judge(r, evidence, ctx, doc));
  // effective.from inclusive, effective.until exclusive.
  const notes: DecisionNote[] = [];
  if (ctx.clock.now < Date.parse(doc.effective.from)) notes.push('policy-not-yet-effective');
  else if (doc.effective.until !== undefined && ctx.clock.now >= Date.parse(doc.effective.until)) notes.push('policy-expired');
  // 6. "any deny effect → deny; else any refer effect, or a time outside effective → refer; else admit."
  let verdict: Verdict = 'admit';
  if (rules.some((r) => r.effect === 'refer') || notes.length > 0) verdict = 'refer';
  if (rules.some((r) => r.effect === 'deny')) verdict = 'deny';
  return { verdict, notes, rules };
}
