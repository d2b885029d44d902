/**
 * Evidence belongs to the person it was gathered from: codes bind to an identity in either order and a
 * foreign code fails its rule instead of superseding; readings from before the identity bind only within
 * the window and only if nobody left; a mask needs someone identified; nobody identified, nothing decided.
 */
import { describe, expect, it } from 'vitest';
import type { Credential, HealthCodeEvidence } from '../../src/domain.js';
import { IDLE, planFor } from '../../src/session/machine.js';
import { screenFor } from '../../src/session/screen.js';
import type { SessionInput, SessionPlan, SessionState } from '../../src/session/types.js';
import { NOW, loaded, other, person, reading, withHealthCodeRule } from '../fixtures/policy.js';
import { TIMEOUTS, runSession, type DecideEffect } from '../fixtures/session.js';

const policyAccepting = (identityAccept: string[]) => loaded(withHealthCodeRule({ via: ['signed-qr'], identityAccept }));
const byIdOnly = planFor(policyAccepting(['resident-id', 'mrz']), 'entry');
const byCodeToo = planFor(policyAccepting(['resident-id', 'mrz', 'health-code']), 'entry');
const demo = planFor(loaded(), 'entry');

const run = (plan: SessionPlan, inputs: SessionInput[], start: SessionState = IDLE) => runSession(plan, inputs, start);

const green = (subject: string): HealthCodeEvidence => ({ status: 'verified', via: 'signed-qr', colour: 'green', subject, issuer: 'hc', issuedAt: NOW - 3_600_000 });
const holderOf = (subject: string): Credential => ({ kind: 'health-code', masked: '1101**********002X', ref: subject, refKey: 'district' });
const id = (at: number, credential = person): SessionInput => ({ type: 'identity', at, credential });
const code = (at: number, subject = person.ref): SessionInput => ({ type: 'health-code', at, code: green(subject), holder: holderOf(subject) });
const refusedCode = (at: number, refusal = 'credential.expired'): SessionInput => ({ type: 'health-code', at, code: { status: 'refused', refusal } });
const temp = (at: number, c: number): SessionInput => ({ type: 'reading', at, reading: reading(c, at) });
const mask = (at: number): SessionInput => ({ type: 'mask', at, mask: { kind: 'self-declared', at } });
const rule = (d: DecideEffect, kind: string) => d.decision.rules.find((r) => r.kind === kind);

describe('a health code is evidence about a person', () => {
  it('binds to the ID scanned before it and admits', () => {
    const r = run(byIdOnly, [id(NOW), code(NOW + 1), temp(NOW + 2, 36.5), mask(NOW + 3)]);
    expect(r.decisions).toHaveLength(1);
    expect(r.decisions[0]?.decision.verdict).toBe('admit');
    expect(r.decisions[0]?.evidence.identity).toEqual(person);
  });

  it('waits for the ID when scanned first, and binds to it', () => {
    const waiting = run(byIdOnly, [code(NOW), temp(NOW + 1, 36.5)]);
    expect(waiting.state.phase).toBe('collecting');
    expect(screenFor(waiting.state)).toMatchObject({ kind: 'collecting', identity: 'waiting', healthCode: 'done', person: null });
    const r = run(byIdOnly, [id(NOW + 2), mask(NOW + 3)], waiting.state);
    expect(r.decisions[0]?.decision.verdict).toBe('admit');
    expect(r.decisions[0]?.evidence.identity?.kind).toBe('resident-id');
  });

  it('fails the health-code rule for another person’s code, without ending or superseding the session', () => {
    const r = run(byIdOnly, [id(NOW), code(NOW + 1, other.ref), temp(NOW + 2, 36.5), mask(NOW + 3)]);
    expect(r.decisions).toHaveLength(1);
    expect(r.decisions[0]?.ending).toBe('complete');
    expect(r.decisions[0]?.decision.verdict).toBe('deny');
    expect(rule(r.decisions[0]!, 'health-code')).toMatchObject({ outcome: 'FAILED', values: { subjectMismatch: true } });
  });

  it('keeps a foreign code failing even when the person then shows their own', () => {
    const r = run(byIdOnly, [id(NOW), code(NOW + 1, other.ref), code(NOW + 2), temp(NOW + 3, 36.5), mask(NOW + 4)]);
    expect(rule(r.decisions[0]!, 'health-code')).toMatchObject({ outcome: 'FAILED', values: { subjectMismatch: true } });
  });

  it('is never the identity where the policy does not accept it: the session asks for the ID, then ends with nothing decided', () => {
    const r = run(byIdOnly, [code(NOW), temp(NOW + 1, 36.5)]);
    expect(r.decisions).toHaveLength(0);
    const ended = run(byIdOnly, [{ type: 'tick', at: NOW + 1 + TIMEOUTS.stepMs }], r.state);
    expect(ended.decisions).toHaveLength(0);
    expect(ended.state).toEqual(IDLE);
    expect(ended.effects).toContainEqual({ type: 'abandoned', session: 1, ending: 'step-timeout', dropped: ['temperature', 'health-code'] });
  });

  it('identifies its holder where the policy accepts health-code as identity', () => {
    const r = run(byCodeToo, [code(NOW), temp(NOW + 1, 36.5), mask(NOW + 2)]);
    expect(r.decisions[0]?.decision.verdict).toBe('admit');
    expect(r.decisions[0]?.evidence.identity).toEqual(holderOf(person.ref));
  });

  it('as identity, is still evidence only once someone is identified: a second person’s code does not take over', () => {
    const r = run(byCodeToo, [code(NOW), code(NOW + 1, other.ref), temp(NOW + 2, 36.5), mask(NOW + 3)]);
    expect(r.decisions).toHaveLength(1);
    expect(r.decisions[0]?.evidence.identity?.ref).toBe(person.ref);
    expect(rule(r.decisions[0]!, 'health-code')).toMatchObject({ outcome: 'FAILED', values: { subjectMismatch: true } });
  });
});

describe('a refused code fails its rule', () => {
  it('with the refusal as the reason, and a later valid code does not wash it out', () => {
    const r = run(byIdOnly, [id(NOW), refusedCode(NOW + 1), code(NOW + 2), temp(NOW + 3, 36.5), mask(NOW + 4)]);
    expect(r.decisions[0]?.decision.verdict).toBe('deny');
    expect(rule(r.decisions[0]!, 'health-code')).toMatchObject({ outcome: 'FAILED', effect: 'deny', values: { refused: 'credential.expired', reason: 'the code has expired' } });
  });

  it('a refused resident pass fails the identity rule', () => {
    const r = run(byIdOnly, [id(NOW), { type: 'refused-pass', at: NOW + 1, refused: { status: 'refused', refusal: 'credential.bad-signature' } }, code(NOW + 2), temp(NOW + 3, 36.5), mask(NOW + 4)]);
    expect(rule(r.decisions[0]!, 'identity')).toMatchObject({ outcome: 'FAILED', values: { refused: 'credential.bad-signature' } });
  });

  it('starts no session when none is open', () => {
    const r = run(byIdOnly, [refusedCode(NOW)]);
    expect(r.state).toEqual(IDLE);
    expect(r.effects).toEqual([{ type: 'ignored', input: 'health-code', why: 'no session is open' }]);
  });
});

describe('a reading from before the identity', () => {
  it.each([
    [TIMEOUTS.preIdentityMs, 1, 0],
    [TIMEOUTS.preIdentityMs + 1, 0, 1],
  ])('taken %i ms before the ID: %i kept, %i discarded', (gap, kept, discarded) => {
    const r = run(demo, [temp(NOW, 36.5), id(NOW + gap)]);
    expect(r.state).toMatchObject({ phase: 'collecting', evidence: { identity: person } });
    if (r.state.phase !== 'collecting') return;
    expect(r.state.evidence.temperatures).toHaveLength(kept);
    expect(r.effects.filter((e) => e.type === 'discarded')).toEqual(discarded === 0 ? [] : [{ type: 'discarded', session: 1, readings: 1, why: 'stale' }]);
  });

  it('is nobody’s once its person was seen to leave, however soon the next person scans', () => {
    const r = run(demo, [temp(NOW, 36.5), { type: 'left', at: NOW + 100 }]);
    expect(r.state).toEqual(IDLE);
    expect(r.effects).toEqual([{ type: 'discarded', session: 1, readings: 1, why: 'left' }]);
    const next = run(demo, [id(NOW + 200), temp(NOW + 300, 38.6), temp(NOW + 400, 38.6)], r.state);
    expect(next.decisions[0]?.decision.verdict).toBe('deny');
  });

  it('never decides a fever about nobody: it waits for the identity', () => {
    const r = run(demo, [temp(NOW, 38.6), temp(NOW + 1, 38.6)]);
    expect(r.decisions).toHaveLength(0);
    expect(r.state.phase).toBe('collecting');
  });
});

describe('a mask declaration', () => {
  it('is taken only from someone identified', () => {
    const r = run(demo, [mask(NOW)]);
    expect(r.state).toEqual(IDLE);
    expect(r.effects).toEqual([{ type: 'ignored', input: 'mask', why: 'nobody is identified yet' }]);
    const reading = run(demo, [temp(NOW, 36.5), mask(NOW + 1)]);
    expect(reading.effects).toContainEqual({ type: 'ignored', input: 'mask', why: 'nobody is identified yet' });
    expect(reading.state.phase === 'collecting' && reading.state.evidence.mask).toBe(undefined);
  });
});
