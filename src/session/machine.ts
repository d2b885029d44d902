/**
 * The checkpoint session: a pure state machine that binds one person's identity, temperature and mask
 * evidence, in any order, and says when to decide. Time is injected through the inputs' `at`; the
 * driver (main/lane) calls `tick` at `nextDeadline(state)`.
 */
import type { Evidence } from '../domain.js';
import { requiredEvidence, temperatureRuleFor } from '../policy/engine.js';
import type { LoadedPolicy } from '../policy/load.js';
import { temperatureStanding } from '../policy/rules/temperature.js';
import type { Direction } from '../domain.js';
import type { SessionEnding, SessionInput, SessionPlan, SessionState, SessionTimeouts, Transition } from './types.js';

/** Bound on readings kept per session, so a chattering sensor cannot grow a session without limit. */
export const MAX_READINGS_PER_SESSION = 12;

export const IDLE: SessionState = { phase: 'idle' };

export function planFor(policy: LoadedPolicy, direction: Direction): SessionPlan {
  return { policy, required: requiredEvidence(policy, direction), temperature: temperatureRuleFor(policy, direction)?.params };
}

export interface SessionContext {
  readonly timeouts: SessionTimeouts;
  /** The plan a session starting now would get (the policy in force). */
  readonly plan: SessionPlan;
  /** Number for the next session started. */
  readonly nextSession: number;
}

const stay = (state: SessionState, why: string, input: SessionInput): Transition => ({
  state,
  effects: [{ type: 'ignored', input: input.type, why }],
});

function withEvidence(input: SessionInput, evidence: Evidence): Evidence {
  switch (input.type) {
    case 'identity':
      return { ...evidence, ...input.attached, identity: input.credential };
    case 'mask':
      return { ...evidence, mask: input.mask };
    case 'reading':
      return { ...evidence, temperatures: [...evidence.temperatures, input.reading].slice(-MAX_READINGS_PER_SESSION) };
    case 'health-code':
      return { ...evidence, healthCode: input.code };
    case 'travel':
      return { ...evidence, travel: input.travel };
    default:
      return evidence;
  }
}

function isComplete(plan: SessionPlan, evidence: Evidence): boolean {
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

function decideNow(s: Extract<SessionState, { phase: 'collecting' }>, evidence: Evidence, ending: SessionEnding, next?: Extract<SessionInput, { type: 'identity' }>): Transition {
  return {
    state: { phase: 'deciding', session: s.session, plan: s.plan, ending, next },
    effects: [{ type: 'decide', session: s.session, plan: s.plan, evidence, ending }],
  };
}

function start(input: SessionInput, at: number, ctx: SessionContext, plan = ctx.plan): Transition {
  const collecting: Extract<SessionState, { phase: 'collecting' }> = {
    phase: 'collecting',
    session: ctx.nextSession,
    plan,
    startedAt: at,
    deadline: at + Math.min(ctx.timeouts.stepMs, ctx.timeouts.sessionMs),
    evidence: { temperatures: [] },
  };
  return gather(collecting, input, ctx);
}

function gather(s: Extract<SessionState, { phase: 'collecting' }>, input: SessionInput, ctx: SessionContext): Transition {
  const evidence = withEvidence(input, s.evidence);
  if (isComplete(s.plan, evidence)) return decideNow(s, evidence, 'complete');
  const deadline = Math.min(input.at + ctx.timeouts.stepMs, s.startedAt + ctx.timeouts.sessionMs);
  const next: SessionState = { ...s, evidence, deadline };
  const remeasure =
    input.type === 'reading' && s.plan.temperature !== undefined && temperatureStanding(s.plan.temperature, evidence.temperatures) === 'remeasure';
  return { state: next, effects: remeasure ? [{ type: 'remeasure', session: s.session }] : [] };
}

const isEvidence = (input: SessionInput): boolean => input.type !== 'tick' && input.type !== 'recorded' && input.type !== 'record-failed';

export function step(state: SessionState, input: SessionInput, ctx: SessionContext): Transition {
  switch (state.phase) {
    case 'idle':
      if (isEvidence(input)) return start(input, input.at, ctx);
      return input.type === 'tick' ? { state, effects: [] } : stay(state, 'no session is deciding', input);

    case 'collecting': {
      if (input.type === 'tick') {
        if (input.at < state.deadline) return { state, effects: [] };
        const ending = input.at >= state.startedAt + ctx.timeouts.sessionMs ? 'session-timeout' : 'step-timeout';
        return decideNow(state, state.evidence, ending);
      }
      if (input.type === 'recorded' || input.type === 'record-failed') return stay(state, 'nothing is being recorded', input);
      if (input.type === 'identity' && state.evidence.identity !== undefined) {
        if (input.credential.ref === state.evidence.identity.ref) {
          // The same person again: nothing new, unless they now bring a code or the guard registered them.
          return input.attached === undefined ? stay(state, 'same person scanned again', input) : gather(state, input, ctx);
        }
        // A different person scanned mid-session: the current person's session ends (and is journaled,
        // never admitted on partial evidence) and the newcomer's starts once that record is committed.
        return decideNow(state, state.evidence, 'superseded', input);
      }
      return gather(state, input, ctx);
    }

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
      return input.type === 'tick' ? { state, effects: [] } : stay(state, 'a decision is being recorded', input);

    case 'showing':
      if (input.type === 'tick') return input.at >= state.until ? { state: IDLE, effects: [] } : { state, effects: [] };
      // The next person may scan while the verdict is still up; readings and mask taps then most
      // likely belong to the person who was just decided, so they do not open a session. A scanned
      // health or travel code, or a guard's registration, is someone presenting themselves.
      if (input.type === 'identity' || input.type === 'health-code' || input.type === 'travel') return start(input, input.at, ctx);
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
