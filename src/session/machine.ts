/**
 * The checkpoint session: a pure state machine that binds one person's identity, temperature, mask and
 * codes, in any order, and says when to decide. Time is injected through the inputs' `at`, on the lane's
 * monotonic clock; the driver (main/lane) calls `tick` at `nextDeadline(state)`.
 *
 * Evidence belongs to the person it was gathered from:
 * - a code (health or travel) is evidence about a person, never the person — unless the plan says a health
 *   code identifies its holder. It binds to the identity, scanned before or after it; whose it is the rules
 *   decide (its subject against the identity's ref), so another person's code fails its rule instead of
 *   ending the session;
 * - a reading taken before any identity binds to it only if taken at most `preIdentityMs` before it and
 *   nobody was seen to leave the thermometer in between; otherwise it is discarded (and counted);
 * - a mask is declared only by someone identified;
 * - a session that never got the identity the policy asks for ends with no decision (abandoned).
 */
import type { Credential, Evidence, HealthCodeEvidence, RefusedCode, TravelEvidence } from '../domain.js';
import { healthCodeIdentifies, requiredEvidence, temperatureRuleFor } from '../policy/engine.js';
import type { LoadedPolicy } from '../policy/load.js';
import { temperatureStanding } from '../policy/rules/temperature.js';
import type { Direction } from '../domain.js';
import type { SessionEffect, SessionEnding, SessionInput, SessionPlan, SessionState, SessionTimeouts, Transition } from './types.js';

/** Bound on readings kept per session, so a chattering sensor cannot grow a session without limit. */
export const MAX_READINGS_PER_SESSION = 12;

export const IDLE: SessionState = { phase: 'idle' };

export function planFor(policy: LoadedPolicy, direction: Direction): SessionPlan {
  return {
    policy,
    required: requiredEvidence(policy, direction),
    temperature: temperatureRuleFor(policy, direction)?.params,
    codeIdentifies: healthCodeIdentifies(policy, direction),
  };
}

export interface SessionContext {
  readonly timeouts: SessionTimeouts;
  /** The plan a session starting now would get (the policy in force). */
  readonly plan: SessionPlan;
  /** Number for the next session started. */
  readonly nextSession: number;
}

type Collecting = Extract<SessionState, { phase: 'collecting' }>;
type IdentityInput = Extract<SessionInput, { type: 'identity' }>;

const stay = (state: SessionState, why: string, input: SessionInput): Transition => ({
  state,
  effects: [{ type: 'ignored', input: input.type, why }],
});

const isRefused = (input: SessionInput): boolean =>
  input.type === 'refused-pass' || (input.type === 'health-code' && input.code.status === 'refused') || (input.type === 'travel' && input.travel.status === 'refused');

/**
 * A code already held that fails its rule — refused, or known to be someone else's — stays: presenting
 * another code afterwards does not withdraw it. Any other held code gives way to the newer one.
 */
function keepsFailing(held: HealthCodeEvidence | TravelEvidence | RefusedCode | undefined, identity: Credential | undefined): boolean {
  if (held === undefined) return false;
  if (held.status === 'refused') return true;
  return held.status === 'verified' && identity?.refKey === 'district' && held.subject !== identity.ref;
}

function withEvidence(input: SessionInput, evidence: Evidence, plan: SessionPlan): Evidence {
  switch (input.type) {
    case 'identity':
      return { ...evidence, ...input.attached, identity: input.credential, ...(input.document === undefined ? {} : { document: input.document }) };
    case 'health-code': {
      if (evidence.identity === undefined && plan.codeIdentifies && input.holder !== undefined) {
        return { ...evidence, identity: input.holder, healthCode: input.code };
      }
      return keepsFailing(evidence.healthCode, evidence.identity) ? evidence : { ...evidence, healthCode: input.code };
    }
    case 'travel':
      return keepsFailing(evidence.travel, evidence.identity) ? evidence : { ...evidence, travel: input.travel };
    case 'refused-pass':
      return { ...evidence, refusedPass: evidence.refusedPass ?? input.refused };
    case 'mask':
      return { ...evidence, mask: input.mask };
    case 'reading':
      return { ...evidence, temperatures: [...evidence.temperatures, input.reading].slice(-MAX_READINGS_PER_SESSION) };
    default:
      return evidence;
  }
}

function isComplete(plan: SessionPlan, evidence: Evidence): boolean {
  // Nothing is decided about nobody: where the policy asks who it is, even a fever waits for the identity.
  if (plan.required.has('identity') && evidence.identity === undefined) return false;
  const standing = plan.temperature === undefined ? 'clear' : temperatureStanding(plan.temperature, evidence.temperatures);
  if (standing === 'fever') return true; // nothing gathered later can turn this into an admit
  return [...plan.required].every((kind) => {
    switch (kind) {
      case 'identity':
        return evidence.identity !== undefined;
      case 'mask':
        return evidence.mask !== undefined;
      case 'temperature':
        return standing === 'clear';
      case 'health-code':
        return evidence.healthCode !== undefined;
      case 'travel':
        return evidence.travel !== undefined;
    }
  });
}

function decideNow(s: Collecting, evidence: Evidence, ending: SessionEnding, earlier: readonly SessionEffect[] = [], next?: IdentityInput): Transition {
  return {
    state: { phase: 'deciding', session: s.session, plan: s.plan, ending, next },
    effects: [...earlier, { type: 'decide', session: s.session, plan: s.plan, evidence, ending }],
  };
}

/** The kinds of evidence a session held, for the record of an abandoned one. */
function heldKinds(e: Evidence): string[] {
  const held: [string, boolean][] = [
    ['temperature', e.temperatures.length > 0],
    ['health-code', e.healthCode !== undefined],
    ['travel', e.travel !== undefined],
    ['refused-pass', e.refusedPass !== undefined],
  ];
  return held.filter(([, has]) => has).map(([kind]) => kind);
}

/** The step or session deadline passed: decide on what there is — or, with nobody identified, abandon. */
function timeOut(s: Collecting, at: number, ctx: SessionContext): Transition {
  const ending = at >= s.startedAt + ctx.timeouts.sessionMs ? 'session-timeout' : 'step-timeout';
  if (s.plan.required.has('identity') && s.evidence.identity === undefined) {
    return { state: IDLE, effects: [{ type: 'abandoned', session: s.session, ending, dropped: heldKinds(s.evidence) }] };
  }
  return decideNow(s, s.evidence, ending);
}

function start(input: SessionInput, at: number, ctx: SessionContext, plan = ctx.plan): Transition {
  const collecting: Collecting = {
    phase: 'collecting',
    session: ctx.nextSession,
    plan,
    startedAt: at,
    deadline: at + Math.min(ctx.timeouts.stepMs, ctx.timeouts.sessionMs),
    evidence: { temperatures: [] },
  };
  return gather(collecting, input, ctx);
}

/**
 * The moment a session first has an identity, readings taken before it are checked against the window;
 * those too old can no longer be this person's (the person who gave them may have walked away).
 */
function bindReadings(s: Collecting, evidence: Evidence, at: number, ctx: SessionContext): { evidence: Evidence; effects: SessionEffect[] } {
  if (s.evidence.identity !== undefined || evidence.identity === undefined) return { evidence, effects: [] };
  const kept = evidence.temperatures.filter((r) => at - r.at <= ctx.timeouts.preIdentityMs);
  const dropped = evidence.temperatures.length - kept.length;
  if (dropped === 0) return { evidence, effects: [] };
  return { evidence: { ...evidence, temperatures: kept }, effects: [{ type: 'discarded', session: s.session, readings: dropped, why: 'stale' }] };
}

function gather(s: Collecting, input: SessionInput, ctx: SessionContext): Transition {
  const bound = bindReadings(s, withEvidence(input, s.evidence, s.plan), input.at, ctx);
  const evidence = bound.evidence;
  if (isComplete(s.plan, evidence)) return decideNow(s, evidence, 'complete', bound.effects);
  const deadline = Math.min(input.at + ctx.timeouts.stepMs, s.startedAt + ctx.timeouts.sessionMs);
  const next: SessionState = { ...s, evidence, deadline };
  const remeasure =
    input.type === 'reading' && s.plan.temperature !== undefined && temperatureStanding(s.plan.temperature, evidence.temperatures) === 'remeasure';
  return { state: next, effects: remeasure ? [...bound.effects, { type: 'remeasure', session: s.session }] : bound.effects };
}

/** The person who gave the readings walked away before anyone was identified: those readings are nobody's now. */
function personLeft(s: Collecting): Transition {
  const readings = s.evidence.temperatures.length;
  if (s.evidence.identity !== undefined || readings === 0) return { state: s, effects: [] };
  const evidence: Evidence = { ...s.evidence, temperatures: [] };
  const discarded: SessionEffect = { type: 'discarded', session: s.session, readings, why: 'left' };
  return { state: heldKinds(evidence).length === 0 ? IDLE : { ...s, evidence }, effects: [discarded] };
}

function collect(state: Collecting, input: SessionInput, ctx: SessionContext): Transition {
  switch (input.type) {
    case 'tick':
      return input.at < state.deadline ? { state, effects: [] } : timeOut(state, input.at, ctx);
    case 'recorded':
    case 'record-failed':
      return stay(state, 'nothing is being recorded', input);
    case 'left':
      return personLeft(state);
    case 'mask':
      return state.evidence.identity === undefined ? stay(state, 'nobody is identified yet', input) : gather(state, input, ctx);
    case 'identity': {
      const current = state.evidence.identity;
      if (current === undefined) return gather(state, input, ctx);
      if (input.credential.ref === current.ref) {
        // The same person again: nothing new, unless the guard registered them meanwhile or their card now says how long it is valid.
        const news = input.attached !== undefined || (input.document !== undefined && state.evidence.document === undefined);
        return news ? gather(state, input, ctx) : stay(state, 'same person scanned again', input);
      }
      // A different person scanned mid-session: the current person's session ends (and is journaled,
      // never admitted on partial evidence) and the newcomer's starts once that record is committed.
      return decideNow(state, state.evidence, 'superseded', [], input);
    }
    default:
      return gather(state, input, ctx);
  }
}

export function step(state: SessionState, input: SessionInput, ctx: SessionContext): Transition {
  switch (state.phase) {
    case 'idle':
      if (input.type === 'tick' || input.type === 'left') return { state, effects: [] };
      if (isRefused(input)) return stay(state, 'no session is open', input);
      if (input.type === 'mask') return stay(state, 'nobody is identified yet', input);
      if (input.type === 'recorded' || input.type === 'record-failed') return stay(state, 'no session is deciding', input);
      return start(input, input.at, ctx);

    case 'collecting':
      return collect(state, input, ctx);

    case 'deciding':
      if (input.type === 'recorded') {
        if (state.next !== undefined) return start({ ...state.next, at: input.at }, input.at, ctx);
        return {
          state: { phase: 'showing', session: state.session, until: input.at + ctx.timeouts.verdictMs, shown: { kind: 'verdict', recorded: input.recorded } },
          effects: [],
        };
      }
      if (input.type === 'record-failed') {
        return {
          state: { phase: 'showing', session: state.session, until: input.at + ctx.timeouts.verdictMs, shown: { kind: 'fault', code: input.code } },
          effects: [],
        };
      }
      return input.type === 'tick' || input.type === 'left' ? { state, effects: [] } : stay(state, 'a decision is being recorded', input);

    case 'showing':
      if (input.type === 'tick') return input.at >= state.until ? { state: IDLE, effects: [] } : { state, effects: [] };
      if (input.type === 'left') return { state, effects: [] };
      // The next person may scan while the verdict is still up; readings and mask taps then most
      // likely belong to the person who was just decided, so they do not open a session. A scanned
      // health or travel code, or a guard's registration, is someone presenting themselves.
      if (!isRefused(input) && (input.type === 'identity' || input.type === 'health-code' || input.type === 'travel')) return start(input, input.at, ctx);
      return stay(state, 'a verdict is on screen', input);
  }
}

/** When the driver must next call `tick`, or undefined when nothing is pending on time. */
export function nextDeadline(state: SessionState): number | undefined {
  switch (state.phase) {
    case 'collecting':
      return state.deadline;
    case 'showing':
      return state.until;
    default:
      return undefined;
  }
}
