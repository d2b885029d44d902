/**
 * The session machine phase by phase (docs/checkpoint.md): what each phase does with every kind of input,
 * when it asks for a re-measure, what it keeps, and the deadlines it gives the lane. Plans are built inside the
 * tests, so a broken planner fails a test rather than the file's import (which Stryker would not count).
 */
import { describe, expect, it } from 'vitest';
import type { Credential, HealthCodeColour, HealthCodeEvidence, RegistrationEvidence, TravelEvidence } from '../../src/domain.js';
import { IDLE, MAX_READINGS_PER_SESSION, nextDeadline, planFor, step } from '../../src/session/machine.js';
import type { SessionInput, SessionPlan, SessionState } from '../../src/session/types.js';
import { NOW, checksPolicyJson, demoPolicyOnly, loaded, other, person, reading, withHealthCodeRule } from '../fixtures/policy.js';
import { TEST_CITES } from '../fixtures/notices.js';
import { TIMEOUTS, runSession } from '../fixtures/session.js';

const cites = TEST_CITES;
const withRule = (rule: Record<string, unknown>, json = checksPolicyJson()) => ({ ...json, rules: [...(json['rules'] as unknown[]), { cites, onFail: 'deny', ...rule }] });
const travelRule = { id: 'travel', kind: 'high-risk-travel', params: { levels: ['high'], withinDays: 14, accept: ['signed-travel-code'] } };

const demo = (): SessionPlan => planFor(loaded(), 'entry');
const withCode = (): SessionPlan => planFor(loaded(withHealthCodeRule({ via: ['signed-qr'] })), 'entry');
const withTravel = (): SessionPlan => planFor(loaded(withRule(travelRule)), 'entry');
const noThermometer = (): SessionPlan => planFor(loaded(demoPolicyOnly(['identity', 'mask'])), 'entry');

const id = (at: number, credential: Credential = person, attached?: { registration: RegistrationEvidence }): SessionInput =>
  attached === undefined ? { type: 'identity', at, credential } : { type: 'identity', at, credential, attached };
const temp = (at: number, c: number): SessionInput => ({ type: 'reading', at, reading: reading(c, at) });
const mask = (at: number): SessionInput => ({ type: 'mask', at, mask: { kind: 'self-declared', at } });
const tick = (at: number): SessionInput => ({ type: 'tick', at });
const left = (at: number): SessionInput => ({ type: 'left', at });
const hc = (colour: HealthCodeColour, subject = person.ref): HealthCodeEvidence => ({
  status: 'verified',
  via: 'signed-qr',
  colour,
  subject,
  issuer: 'hc',
  issuedAt: NOW - 3_600_000,
});
const code = (at: number, evidence: HealthCodeEvidence): SessionInput => ({ type: 'health-code', at, code: evidence });
const travel = (at: number, subject = person.ref, visited: TravelEvidence['visited'] = []): SessionInput => ({
  type: 'travel',
  at,
  travel: { status: 'verified', via: 'signed-travel-code', subject, issuedAt: NOW, visited },
});
const refusedTravel = (at: number): SessionInput => ({ type: 'travel', at, travel: { status: 'refused', refusal: 'credential.expired' } });
const registration: RegistrationEvidence = { fields: ['name', 'phone'], category: 'visitor', sealedId: 's1', by: 'g1' };
const installKeyed: Credential = { ...person, ref: 'install-ref', refKey: 'install' };

const ctxOf = (plan: SessionPlan, nextSession = 1) => ({ timeouts: TIMEOUTS, plan, nextSession });
const one = (state: SessionState, input: SessionInput, plan: SessionPlan = demo()) => step(state, input, ctxOf(plan));
const run = (plan: SessionPlan, inputs: SessionInput[], start: SessionState = IDLE) => runSession(plan, inputs, start);
const collecting = (plan: SessionPlan, inputs: SessionInput[]) => {
  const r = run(plan, inputs);
  if (r.state.phase !== 'collecting') throw new Error(`expected collecting, got ${r.state.phase}`);
  return r.state;
};
const deciding = (): SessionState => {
  const t = step(collecting(demo(), [id(NOW), temp(NOW + 1, 36.5)]), mask(NOW + 2), ctxOf(demo(), 2));
  expect(t.state.phase).toBe('deciding');
  return t.state;
};
const showing = () => run(demo(), [id(NOW), temp(NOW + 1, 36.5), mask(NOW + 2)]).state;

describe('the session plan', () => {
  it('asks for no temperature at a lane whose direction has no temperature rule', () => {
    const exitOnly = { ...checksPolicyJson(), rules: (checksPolicyJson()['rules'] as Record<string, unknown>[]).map((r) => (r['kind'] === 'temperature' ? { ...r, directions: ['exit'] } : r)) };
    const plan = planFor(loaded(exitOnly), 'entry');
    expect(plan.temperature).toBeUndefined();
    expect([...plan.required].sort()).toEqual(['identity', 'mask']);
    expect(planFor(loaded(exitOnly), 'exit').temperature).toMatchObject({ thresholdC: 37.3 });
  });

  it('without a temperature rule decides on identity and mask, and a stray reading asks for no re-measure', () => {
    const r = run(noThermometer(), [id(NOW), temp(NOW + 1, 39.5), mask(NOW + 2)]);
    expect(r.effects.filter((e) => e.type === 'remeasure')).toEqual([]);
    expect(r.decisions).toHaveLength(1);
    expect(r.decisions[0]).toMatchObject({ ending: 'complete', decision: { verdict: 'admit' } });
  });
});

describe('an idle lane', () => {
  it.each([tick(NOW), left(NOW)])('does nothing on %o', (input) => {
    expect(one(IDLE, input)).toEqual({ state: IDLE, effects: [] });
  });

  it.each([
    [refusedTravel(NOW), 'travel', 'no session is open'],
    [{ type: 'refused-pass', at: NOW, refused: { status: 'refused', refusal: 'credential.expired' } } as SessionInput, 'refused-pass', 'no session is open'],
    [{ type: 'record-failed', at: NOW, code: 'journal.full' } as SessionInput, 'record-failed', 'no session is deciding'],
    [{ type: 'recorded', at: NOW, recorded: { id: 'x', seq: 1, decision: {} } } as unknown as SessionInput, 'recorded', 'no session is deciding'],
  ])('ignores %o, starting no session', (input, type, why) => {
    expect(one(IDLE, input)).toEqual({ state: IDLE, effects: [{ type: 'ignored', input: type, why }] });
  });

  it('starts a session on a verified travel code, which waits for the identity', () => {
    const t = one(IDLE, travel(NOW), withTravel());
    expect(t.state).toMatchObject({ phase: 'collecting', session: 1, startedAt: NOW, deadline: NOW + TIMEOUTS.stepMs });
    expect(t.effects).toEqual([]);
  });
});

describe('a collecting session', () => {
  it('gives the lane a step deadline from the last evidence, capped by the session deadline', () => {
    const s = collecting(demo(), [id(NOW), temp(NOW + 4000, 20)]);
    expect(nextDeadline(s)).toBe(NOW + 4000 + TIMEOUTS.stepMs);
    const late = collecting(demo(), [id(NOW), temp(NOW + 9000, 20), temp(NOW + 18_000, 20), temp(NOW + 27_000, 20)]);
    expect(nextDeadline(late)).toBe(NOW + TIMEOUTS.sessionMs);
  });

  it('waits without effects until its deadline, then decides on what it has with exactly one decide effect', () => {
    const s = collecting(demo(), [id(NOW), mask(NOW + 1)]);
    expect(step(s, tick(NOW + TIMEOUTS.stepMs), ctxOf(demo(), 2))).toEqual({ state: s, effects: [] });
    const t = step(s, tick(NOW + 1 + TIMEOUTS.stepMs), ctxOf(demo(), 2));
    expect(t.effects).toHaveLength(1);
    expect(t.effects[0]).toMatchObject({ type: 'decide', session: 1, ending: 'step-timeout' });
  });

  it('binds a reading taken just before the identity with no effect', () => {
    const s = collecting(demo(), [temp(NOW, 36.5)]);
    const t = step(s, id(NOW + TIMEOUTS.preIdentityMs), ctxOf(demo(), 2));
    expect(t.effects).toEqual([]);
    expect(t.state).toMatchObject({ phase: 'collecting', evidence: { identity: person, temperatures: [{ bodyC: 36.5 }] } });
  });

  it('decides with exactly one decide effect when the last evidence arrives', () => {
    const s = collecting(demo(), [id(NOW), temp(NOW + 1, 36.5)]);
    const t = step(s, mask(NOW + 2), ctxOf(demo(), 2));
    expect(t.effects).toHaveLength(1);
    expect(t.effects[0]).toMatchObject({ type: 'decide', session: 1, ending: 'complete' });
  });

  it('ends a superseded session with exactly one decide effect and keeps the newcomer for later', () => {
    const s = collecting(demo(), [id(NOW), temp(NOW + 1, 36.5)]);
    const t = step(s, id(NOW + 2, other), ctxOf(demo(), 2));
    expect(t.effects).toHaveLength(1);
    expect(t.effects[0]).toMatchObject({ type: 'decide', session: 1, ending: 'superseded' });
    expect(t.state).toMatchObject({ phase: 'deciding', next: { credential: other } });
  });

  it('asks for a re-measure only on the fever reading itself, not on the evidence after it', () => {
    const s = collecting(demo(), [id(NOW), temp(NOW + 1, 38.0)]);
    expect(step(s, mask(NOW + 2), ctxOf(demo(), 2)).effects).toEqual([]);
  });

  it('waits for a health code the policy asks for', () => {
    const s = collecting(withCode(), [id(NOW), temp(NOW + 1, 36.5), mask(NOW + 2)]);
    expect(s.evidence.healthCode).toBeUndefined();
    expect(run(withCode(), [code(NOW + 3, hc('green'))], s).decisions[0]).toMatchObject({ ending: 'complete', decision: { verdict: 'admit' } });
  });

  it('waits for a travel code the policy asks for, and binds it', () => {
    const s = collecting(withTravel(), [id(NOW), temp(NOW + 1, 36.5), mask(NOW + 2)]);
    expect(s.evidence.travel).toBeUndefined();
    const r = run(withTravel(), [travel(NOW + 3)], s);
    expect(r.decisions[0]).toMatchObject({ ending: 'complete', evidence: { travel: { status: 'verified', subject: person.ref } } });
  });

  it('keeps a travel code that fails its rule when another follows: someone else’s, or refused', () => {
    const foreign = run(withTravel(), [id(NOW), travel(NOW + 1, other.ref), travel(NOW + 2), temp(NOW + 3, 36.5), mask(NOW + 4)]);
    expect(foreign.decisions[0]?.evidence.travel).toMatchObject({ subject: other.ref });
    const refused = run(withTravel(), [id(NOW), refusedTravel(NOW + 1), travel(NOW + 2), temp(NOW + 3, 36.5), mask(NOW + 4)]);
    expect(refused.decisions[0]?.evidence.travel).toEqual({ status: 'refused', refusal: 'credential.expired' });
  });

  it('lets a newer code of the same person replace one that did not fail', () => {
    const r = run(withCode(), [id(NOW), code(NOW + 1, hc('yellow')), code(NOW + 2, hc('green')), temp(NOW + 3, 36.5), mask(NOW + 4)]);
    expect(r.decisions[0]?.evidence.healthCode).toMatchObject({ colour: 'green' });
    expect(r.decisions[0]?.decision.verdict).toBe('admit');
  });

  it('lets a verified code replace one that could not be verified', () => {
    const unverifiable: HealthCodeEvidence = { status: 'unverifiable', via: 'online', reason: 'timeout' };
    const s = collecting(withCode(), [id(NOW), code(NOW + 1, unverifiable), code(NOW + 2, hc('green'))]);
    expect(s.evidence.healthCode).toMatchObject({ status: 'verified', colour: 'green' });
  });

  it('keeps a refused code before anyone is identified, even where codes identify and the next one names nobody', () => {
    const byCode = planFor(loaded(withHealthCodeRule({ via: ['signed-qr', 'online'], identityAccept: ['resident-id', 'health-code'] })), 'entry');
    const unverifiable: HealthCodeEvidence = { status: 'unverifiable', via: 'online', reason: 'timeout' };
    const s = collecting(byCode, [temp(NOW, 36.5), code(NOW + 1, { status: 'refused', refusal: 'credential.expired' }), code(NOW + 2, unverifiable)]);
    expect(s.evidence).toEqual({ temperatures: [reading(36.5, NOW)], healthCode: { status: 'refused', refusal: 'credential.expired' } });
  });

  it('lets a newer code replace an older one while nobody is identified yet, or when whose it is cannot be checked', () => {
    const early = collecting(withCode(), [code(NOW, hc('yellow', other.ref)), code(NOW + 1, hc('green'))]);
    expect(early.evidence.healthCode).toMatchObject({ colour: 'green' });
    const noKey = collecting(withCode(), [id(NOW, installKeyed), code(NOW + 1, hc('yellow', 'a')), code(NOW + 2, hc('green', 'b'))]);
    expect(noKey.evidence.healthCode).toMatchObject({ colour: 'green', subject: 'b' });
  });

  it(`keeps only the last ${MAX_READINGS_PER_SESSION} readings of a chattering sensor`, () => {
    const inputs = Array.from({ length: MAX_READINGS_PER_SESSION + 3 }, (_, i) => temp(NOW + 1 + i, 20 + i / 10));
    const s = collecting(demo(), [id(NOW), ...inputs]);
    expect(s.evidence.temperatures.map((r) => r.at)).toEqual(inputs.slice(3).map((i) => i.at));
  });

  it('keeps readings taken after the identity however long the session runs', () => {
    const r = run(demo(), [id(NOW), temp(NOW + 1, 38.0), temp(NOW + TIMEOUTS.preIdentityMs + 2000, 36.5), mask(NOW + TIMEOUTS.preIdentityMs + 3000)]);
    expect(r.effects.filter((e) => e.type === 'discarded')).toEqual([]);
    expect(r.decisions[0]?.evidence.temperatures.map((t) => t.bodyC)).toEqual([38.0, 36.5]);
  });

  it('judges readings from before the identity only when the identity arrives', () => {
    const s = run(demo(), [temp(NOW, 36.5), temp(NOW + TIMEOUTS.preIdentityMs + 1000, 36.6)]);
    expect(s.effects).toEqual([]);
    const r = run(demo(), [id(NOW + TIMEOUTS.preIdentityMs + 1500)], s.state);
    expect(r.effects).toEqual([{ type: 'discarded', session: 1, readings: 1, why: 'stale' }]);
  });

  it('keeps an identified person’s readings when they step away', () => {
    const s = collecting(demo(), [id(NOW), temp(NOW + 1, 38.0)]);
    expect(step(s, left(NOW + 2), ctxOf(demo(), 2))).toEqual({ state: s, effects: [] });
    const none = collecting(withCode(), [code(NOW, hc('green'))]);
    expect(step(none, left(NOW + 2), ctxOf(withCode(), 2))).toEqual({ state: none, effects: [] });
  });

  it('keeps the code of someone who stepped away before the identity, and drops only their readings', () => {
    const s = collecting(withCode(), [code(NOW, hc('green')), temp(NOW + 1, 36.5)]);
    const t = step(s, left(NOW + 2), ctxOf(withCode(), 2));
    expect(t.state).toMatchObject({ phase: 'collecting', session: 1, evidence: { temperatures: [], healthCode: { colour: 'green' } } });
    expect(t.effects).toEqual([{ type: 'discarded', session: 1, readings: 1, why: 'left' }]);
  });

  it('takes the guard’s registration when the same person is registered mid-session', () => {
    const s = collecting(demo(), [id(NOW)]);
    const t = step(s, id(NOW + 1, person, { registration }), ctxOf(demo(), 2));
    expect(t.state).toMatchObject({ phase: 'collecting', evidence: { identity: person, registration } });
  });

  it.each([
    [{ type: 'recorded', at: NOW + 1, recorded: { id: 'x', seq: 1, decision: {} } } as unknown as SessionInput, 'recorded'],
    [{ type: 'record-failed', at: NOW + 1, code: 'journal.full' } as SessionInput, 'record-failed'],
  ])('ignores %o: nothing is being recorded', (input, type) => {
    const s = collecting(demo(), [id(NOW)]);
    expect(step(s, input, ctxOf(demo(), 2))).toEqual({ state: s, effects: [{ type: 'ignored', input: type, why: 'nothing is being recorded' }] });
  });

  it('names the codes it drops when it is abandoned', () => {
    const s = collecting(withTravel(), [travel(NOW)]);
    const t = step(s, tick(NOW + TIMEOUTS.stepMs), ctxOf(withTravel(), 2));
    expect(t).toEqual({ state: IDLE, effects: [{ type: 'abandoned', session: 1, ending: 'step-timeout', dropped: ['travel'] }] });
    const refusedPass: SessionInput = { type: 'refused-pass', at: NOW + 1, refused: { status: 'refused', refusal: 'credential.expired' } };
    const withPass = collecting(demo(), [temp(NOW, 36.5), refusedPass]);
    const ended = step(withPass, tick(NOW + 1 + TIMEOUTS.stepMs), ctxOf(demo(), 2));
    expect(ended.effects).toEqual([{ type: 'abandoned', session: 1, ending: 'step-timeout', dropped: ['temperature', 'refused-pass'] }]);
  });
});

describe('a session being recorded', () => {
  it.each([tick(NOW + 60_000), left(NOW + 3)])('waits on %o', (input) => {
    const s = deciding();
    expect(one(s, input)).toEqual({ state: s, effects: [] });
  });

  it('ignores evidence until its record is written', () => {
    const s = deciding();
    expect(one(s, temp(NOW + 3, 36.5))).toEqual({ state: s, effects: [{ type: 'ignored', input: 'reading', why: 'a decision is being recorded' }] });
  });

  it('shows the verdict for verdictMs once recorded, then the lane is idle again', () => {
    const recorded = { id: 'd1', seq: 1, decision: {} } as unknown as Extract<SessionInput, { type: 'recorded' }>['recorded'];
    expect(one(deciding(), { type: 'recorded', at: NOW + 3, recorded })).toEqual({ state: { phase: 'showing', session: 1, until: NOW + 3 + TIMEOUTS.verdictMs, shown: { kind: 'verdict', recorded } }, effects: [] });
    const r = run(demo(), [id(NOW), temp(NOW + 1, 36.5), mask(NOW + 2)]);
    expect(r.state).toMatchObject({ phase: 'showing', session: 1, until: NOW + 2 + TIMEOUTS.verdictMs, shown: { kind: 'verdict' } });
    expect(nextDeadline(r.state)).toBe(NOW + 2 + TIMEOUTS.verdictMs);
    expect(one(r.state, tick(NOW + 1 + TIMEOUTS.verdictMs))).toEqual({ state: r.state, effects: [] });
    expect(one(r.state, tick(NOW + 2 + TIMEOUTS.verdictMs))).toEqual({ state: IDLE, effects: [] });
  });

  it('shows a fault for verdictMs when the record failed', () => {
    const t = one(deciding(), { type: 'record-failed', at: NOW + 3, code: 'journal.io' });
    expect(t).toEqual({ state: { phase: 'showing', session: 1, until: NOW + 3 + TIMEOUTS.verdictMs, shown: { kind: 'fault', code: 'journal.io' } }, effects: [] });
  });
});

describe('a verdict on screen', () => {
  it('starts the next person’s session on an identity, a health code or a travel code', () => {
    const s = showing();
    expect(one(s, id(NOW + 10, other))).toMatchObject({ state: { phase: 'collecting', evidence: { identity: other } } });
    expect(one(s, code(NOW + 10, hc('green', other.ref)), withCode())).toMatchObject({ state: { phase: 'collecting', evidence: { healthCode: { subject: other.ref } } } });
    expect(one(s, travel(NOW + 10, other.ref), withTravel())).toMatchObject({ state: { phase: 'collecting', evidence: { travel: { subject: other.ref } } } });
  });

  it('starts nothing on a refused code, and stays put when the person steps away', () => {
    const s = showing();
    expect(one(s, refusedTravel(NOW + 10))).toEqual({ state: s, effects: [{ type: 'ignored', input: 'travel', why: 'a verdict is on screen' }] });
    expect(one(s, code(NOW + 10, { status: 'refused', refusal: 'credential.expired' }))).toEqual({ state: s, effects: [{ type: 'ignored', input: 'health-code', why: 'a verdict is on screen' }] });
    expect(one(s, left(NOW + 10))).toEqual({ state: s, effects: [] });
  });

  it('has no deadline once idle', () => {
    expect(nextDeadline(IDLE)).toBeUndefined();
    expect(nextDeadline(deciding())).toBeUndefined();
  });
});
