import { describe, expect, it } from 'vitest';
import { decide, requiredEvidence } from '../../src/policy/engine.js';
import { NOW, checksPolicyJson, ctx, fullEvidence, loaded, person, reading } from '../fixtures/policy.js';

const entry = ctx('entry');

describe('policy engine', () => {
  it('admits when every rule passes, naming the policy and each rule with the values it looked at', () => {
    const policy = loaded();
    const d = decide(policy, fullEvidence(36.5), entry);
    expect(d.verdict).toBe('admit');
    expect(d.policy).toEqual({ id: 'demo-wuhan-2020', version: '2', sha256: policy.sha256 });
    expect(d.rules.map((r) => [r.id, r.outcome])).toEqual([
      ['identity', 'PASSED'],
      ['temperature', 'PASSED'],
      ['mask', 'PASSED'],
    ]);
    expect(d.rules[1]?.values).toMatchObject({ readingsC: [36.5], thresholdC: 37.3 });
    expect(d.at).toBe(new Date(NOW).toISOString());
  });

  it('denies a fever only after the re-measure it is owed', () => {
    const policy = loaded();
    const once = decide(policy, { ...fullEvidence(), temperatures: [reading(37.9)] }, entry);
    expect(once.rules[1]?.outcome).toBe('MISSING_EVIDENCE');
    expect(once.verdict).toBe('refer');
    const twice = decide(policy, { ...fullEvidence(), temperatures: [reading(37.9), reading(38.1)] }, entry);
    expect(twice.rules[1]?.outcome).toBe('FAILED');
    expect(twice.verdict).toBe('deny');
  });

  it('admits when the re-measure is normal', () => {
    const d = decide(loaded(), { ...fullEvidence(), temperatures: [reading(37.5), reading(36.7)] }, entry);
    expect(d.verdict).toBe('admit');
  });

  it('treats a reading outside the plausible range as a sensor fault, not a fever, and never admits on it', () => {
    const d = decide(loaded(), { ...fullEvidence(), temperatures: [reading(48), reading(Number.NaN)] }, entry);
    expect(d.rules[1]).toMatchObject({ outcome: 'MISSING_EVIDENCE', values: { implausible: 2, readingsC: [48, null] } });
    expect(d.verdict).not.toBe('admit');
  });

  it.each([
    ['identity', { identity: undefined }],
    ['temperature', { temperatures: [] }],
    ['mask', { mask: undefined }],
  ])('never admits with the %s evidence missing', (_name, patch) => {
    const ev = { ...fullEvidence(), ...patch };
    const d = decide(loaded(), ev as never, entry);
    expect(d.verdict).not.toBe('admit');
  });

  it('fails a credential kind the policy does not accept', () => {
    const json = checksPolicyJson();
    (json['rules'] as { params: { accept: string[] } }[])[0]!.params.accept = ['staff-badge'];
    const d = decide(loaded(json), fullEvidence(), entry);
    expect(d.rules[0]).toMatchObject({ outcome: 'FAILED', effect: 'refer', values: { credential: 'resident-id' } });
  });

  it('skips rules for the other direction', () => {
    const json = checksPolicyJson();
    (json['rules'] as { directions?: string[] }[])[2]!.directions = ['exit'];
    const policy = loaded(json);
    const { mask: _unused, ...withoutMask } = fullEvidence();
    const d = decide(policy, withoutMask, entry);
    expect(d.rules[2]?.outcome).toBe('NOT_APPLICABLE');
    expect(d.verdict).toBe('admit');
    expect([...requiredEvidence(policy, 'entry')]).toEqual(['identity', 'temperature']);
  });

  it('refers everyone while the policy is not yet in effect', () => {
    const json = checksPolicyJson();
    json['effective'] = { from: '2030-01-01T00:00:00Z' };
    const d = decide(loaded(json), fullEvidence(), entry);
    expect(d).toMatchObject({ verdict: 'refer', notes: ['policy-not-yet-effective'] });
  });

  it('is deterministic: the same inputs give the same decision', () => {
    const policy = loaded();
    const ev = { identity: person, temperatures: [reading(37.4), reading(36.9)], mask: { kind: 'camera-detected' as const, at: NOW } };
    expect(decide(policy, ev, entry)).toEqual(decide(policy, ev, entry));
  });
});
