import { describe, expect, it } from 'vitest';
import type { SessionInput, SessionState } from '../../src/session/types.js';
import { IDLE, nextDeadline, planFor, step } from '../../src/session/machine.js';
import { screenFor } from '../../src/session/screen.js';
import { NOW, loaded, other, person, reading } from '../fixtures/policy.js';
import { TIMEOUTS, runSession } from '../fixtures/session.js';

const timeouts = TIMEOUTS;
const plan = planFor(loaded(), 'entry');

const run = (inputs: SessionInput[], start: SessionState = IDLE) => runSession(plan, inputs, start);

const id = (at: number, credential = person): SessionInput => ({ type: 'identity', at, credential });
const temp = (at: number, c: number): SessionInput => ({ type: 'reading', at, reading: reading(c, at) });
const mask = (at: number): SessionInput => ({ type: 'mask', at, mask: { kind: 'self-declared', at } });

describe('checkpoint session', () => {
  it.each([
    ['scan, measure, mask', [id(NOW), temp(NOW + 1, 36.5), mask(NOW + 2)]],
    ['measure, scan, mask', [temp(NOW, 36.5), id(NOW + 2), mask(NOW + 3)]],
    ['scan, mask, measure', [id(NOW), mask(NOW + 1), temp(NOW + 2, 36.5)]],
  ])('binds evidence in any order (%s) and decides once, complete', (_order, inputs) => {
    const r = run(inputs);
    expect(r.decisions).toHaveLength(1);
    expect(r.decisions[0]).toMatchObject({ ending: 'complete', evidence: { identity: person } });
    expect(r.state.phase).toBe('showing');
    expect(screenFor(r.state)).toMatchObject({ kind: 'verdict', verdict: 'admit' });
  });

  it('asks for a re-measure after a fever reading, then denies on a second fever', () => {
    const r = run([id(NOW), mask(NOW + 1), temp(NOW + 2, 38.0)]);
    expect(r.effects).toContainEqual({ type: 'remeasure', session: 1 });
    expect(r.state.phase).toBe('collecting');
    expect(screenFor(r.state)).toMatchObject({ kind: 'collecting', remeasure: true, temperatureC: 38 });
    const after = run([temp(NOW + 3000, 38.2)], r.state);
    expect(after.decisions).toHaveLength(1);
    expect(screenFor(after.state)).toMatchObject({ kind: 'verdict', verdict: 'deny' });
  });

  it('decides at once on a confirmed fever, even before the mask step', () => {
    const r = run([id(NOW), temp(NOW + 1, 38.0), temp(NOW + 2, 38.4)]);
    expect(r.decisions).toHaveLength(1);
    expect(screenFor(r.state)).toMatchObject({ kind: 'verdict', verdict: 'deny' });
  });

  it('times out a session whose reading never comes, and never admits it', () => {
    const started = run([id(NOW), mask(NOW + 1)]);
    expect(nextDeadline(started.state)).toBe(NOW + 1 + timeouts.stepMs);
    const early = run([{ type: 'tick', at: NOW + 5000 }], started.state);
    expect(early.decisions).toHaveLength(0);
    const late = run([{ type: 'tick', at: NOW + 1 + timeouts.stepMs }], started.state);
    expect(late.decisions[0]).toMatchObject({ ending: 'step-timeout' });
    expect(screenFor(late.state)).toMatchObject({ kind: 'verdict', verdict: 'refer' });
  });

  it('caps a session that keeps getting evidence at the session timeout', () => {
    let r = run([id(NOW)]);
    for (let t = NOW + 5000; t < NOW + timeouts.sessionMs; t += 5000) r = run([temp(t, 20)], r.state); // implausible, keeps it alive
    expect(nextDeadline(r.state)).toBe(NOW + timeouts.sessionMs);
    expect(run([{ type: 'tick', at: NOW + timeouts.sessionMs }], r.state).decisions[0]).toMatchObject({ ending: 'session-timeout' });
  });

  it('ignores the same person scanning twice', () => {
    const r = run([id(NOW), id(NOW + 1)]);
    expect(r.decisions).toHaveLength(0);
    expect(r.effects).toContainEqual({ type: 'ignored', input: 'identity', why: 'same person scanned again' });
  });

  it('closes the first session when a second person scans mid-session, and starts theirs', () => {
    const r = run([id(NOW), temp(NOW + 1, 36.4), id(NOW + 2, other)]);
    expect(r.decisions).toHaveLength(1);
    expect(r.decisions[0]).toMatchObject({ ending: 'superseded', evidence: { identity: person } });
    expect(r.state).toMatchObject({ phase: 'collecting', session: 2, evidence: { identity: other, temperatures: [] } });
  });

  it('does not let readings taken while a verdict shows open a session', () => {
    const shown = run([id(NOW), temp(NOW + 1, 36.5), mask(NOW + 2)]);
    const r = run([temp(NOW + 100, 36.5)], shown.state);
    expect(r.state.phase).toBe('showing');
    expect(run([{ type: 'tick', at: NOW + 2 + timeouts.verdictMs }], shown.state).state).toEqual(IDLE);
  });

  it('shows a fault, never a verdict, when the record could not be written', () => {
    const t = step(IDLE, id(NOW), { timeouts, plan, nextSession: 1 });
    const collected = step(step(t.state, temp(NOW + 1, 36.5), { timeouts, plan, nextSession: 2 }).state, mask(NOW + 2), { timeouts, plan, nextSession: 2 });
    expect(collected.state.phase).toBe('deciding');
    const failed = step(collected.state, { type: 'record-failed', at: NOW + 3, code: 'journal.full' }, { timeouts, plan, nextSession: 2 });
    expect(screenFor(failed.state)).toEqual({ kind: 'fault', code: 'journal.full' });
  });
});
