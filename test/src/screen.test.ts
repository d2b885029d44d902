/**
 * What the kiosk shows for each session state (src/session/screen.ts): the steps still waiting, the person
 * and the last reading while collecting, and the recorded verdict with its rules.
 */
import { describe, expect, it } from 'vitest';
import type { HealthCodeEvidence } from '../../src/domain.js';
import { IDLE, planFor } from '../../src/session/machine.js';
import { screenFor } from '../../src/session/screen.js';
import type { SessionInput, SessionPlan } from '../../src/session/types.js';
import { NOW, checksPolicyJson, demoPolicyOnly, loaded, person, reading, withHealthCodeRule } from '../fixtures/policy.js';
import { runSession } from '../fixtures/session.js';

const demo = (): SessionPlan => planFor(loaded(), 'entry');
const withCode = (): SessionPlan => planFor(loaded(withHealthCodeRule({ via: ['signed-qr'] })), 'entry');
const noThermometer = (): SessionPlan => planFor(loaded(demoPolicyOnly(['identity', 'mask'])), 'entry');

const id = (at: number): SessionInput => ({ type: 'identity', at, credential: person });
const temp = (at: number, c: number): SessionInput => ({ type: 'reading', at, reading: reading(c, at) });
const mask = (at: number): SessionInput => ({ type: 'mask', at, mask: { kind: 'guard-confirmed', at } });
const green: HealthCodeEvidence = { status: 'verified', via: 'signed-qr', colour: 'green', subject: person.ref, issuer: 'hc', issuedAt: NOW };
const code = (at: number): SessionInput => ({ type: 'health-code', at, code: green });
const screenAfter = (plan: SessionPlan, inputs: SessionInput[]) => screenFor(runSession(plan, inputs).state);

describe('the kiosk screen', () => {
  it('is idle with no session', () => {
    expect(screenFor(IDLE)).toEqual({ kind: 'idle' });
  });

  it('shows every step the policy asks for as waiting, the others as not required, before any plausible evidence', () => {
    expect(screenAfter(withCode(), [temp(NOW, 20)])).toEqual({
      kind: 'collecting',
      identity: 'waiting',
      temperature: 'waiting',
      mask: 'waiting',
      healthCode: 'waiting',
      travel: 'not-required',
      remeasure: false,
      person: null,
      temperatureC: 20,
      maskEvidence: null,
    });
  });

  it('marks the steps done as evidence arrives, with the person, the last reading to 0.1 °C and the mask evidence', () => {
    expect(screenAfter(withCode(), [id(NOW), code(NOW + 1), mask(NOW + 2)])).toMatchObject({
      identity: 'done',
      healthCode: 'done',
      mask: 'done',
      temperature: 'waiting',
      person: { kind: person.kind, masked: person.masked },
      temperatureC: null,
      maskEvidence: 'guard-confirmed',
    });
    expect(screenAfter(withCode(), [id(NOW), temp(NOW + 2, 36.54)])).toMatchObject({ temperature: 'done', temperatureC: 36.5, remeasure: false, mask: 'waiting', healthCode: 'waiting' });
  });

  it('counts a confirmed fever as a measured temperature and asks for a re-measure before it', () => {
    expect(screenAfter(withCode(), [temp(NOW, 38.04)])).toMatchObject({ temperature: 'waiting', remeasure: true, temperatureC: 38 });
    expect(screenAfter(withCode(), [temp(NOW, 38.04), temp(NOW + 1, 38.26)])).toMatchObject({ temperature: 'done', remeasure: false, temperatureC: 38.3 });
  });

  it('shows no temperature for a sensor fault and no temperature step without a temperature rule', () => {
    expect(screenAfter(withCode(), [id(NOW), temp(NOW + 1, Number.NaN)])).toMatchObject({ temperature: 'waiting', temperatureC: null });
    expect(screenAfter(noThermometer(), [id(NOW), temp(NOW + 1, 36.5)])).toMatchObject({ temperature: 'not-required', remeasure: false, temperatureC: 36.5 });
  });

  it('shows the travel step where the policy asks for a travel code', () => {
    const json = checksPolicyJson();
    const rule = { id: 'travel', kind: 'high-risk-travel', cites: (json['rules'] as { cites: unknown }[])[0]!.cites, onFail: 'deny', params: { levels: ['high'], withinDays: 14, accept: ['signed-travel-code'] } };
    const withTravel = planFor(loaded({ ...json, rules: [...(json['rules'] as unknown[]), rule] }), 'entry');
    expect(screenAfter(withTravel, [id(NOW)])).toMatchObject({ travel: 'waiting', identity: 'done' });
    const travel: SessionInput = { type: 'travel', at: NOW + 1, travel: { status: 'verified', via: 'signed-travel-code', subject: person.ref, issuedAt: NOW, visited: [] } };
    expect(screenAfter(withTravel, [id(NOW), travel])).toMatchObject({ travel: 'done' });
  });

  it('shows the notes of a decision made outside the policy’s effective window', () => {
    const r = runSession(planFor(loaded({ ...checksPolicyJson(), effective: { from: '2030-01-01T00:00:00Z' } }), 'entry'), [id(NOW), temp(NOW + 1, 36.5), mask(NOW + 2)]);
    expect(screenFor(r.state)).toMatchObject({ kind: 'verdict', verdict: 'refer', notes: ['policy-not-yet-effective'] });
  });

  it('shows every step done, and nobody, while the decision is recorded', () => {
    const state = { phase: 'deciding', session: 1, plan: demo(), ending: 'complete', next: undefined } as const;
    expect(screenFor(state)).toEqual({
      kind: 'collecting',
      identity: 'done',
      temperature: 'done',
      mask: 'done',
      healthCode: 'done',
      travel: 'done',
      remeasure: false,
      person: null,
      temperatureC: null,
      maskEvidence: null,
    });
  });

  it('shows the recorded verdict with its id, sequence number, every rule with its values, and the notes', () => {
    const r = runSession(demo(), [id(NOW), temp(NOW + 1, 36.5), mask(NOW + 2)]);
    const decision = r.decisions[0]!.decision;
    expect(screenFor(r.state)).toEqual({
      kind: 'verdict',
      verdict: 'admit',
      decisionId: 'd1',
      seq: 1,
      rules: decision.rules.map((rule) => ({ ...rule })),
      notes: [],
      clockTrusted: true,
    });
    const view = screenFor(r.state);
    expect(view.kind === 'verdict' && view.rules.map((rule) => rule.values)).toEqual(decision.rules.map((rule) => rule.values));
    expect(view.kind === 'verdict' && view.rules.map((rule) => rule.cites)).toEqual(decision.rules.map((rule) => rule.cites));
  });
});
