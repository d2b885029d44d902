/**
 * The policy's own edges: when it is in force (effective.from inclusive, until exclusive), what a rule for
 * the other direction records, what evidence each rule kind makes a session collect, and what loading
 * refuses, field by field, with the error code and the message the operator reads.
 */
import { describe, expect, it } from 'vitest';
import { decide, healthCodeIdentifies, requiredEvidence } from '../../src/policy/engine.js';
import { parsePolicy, validatePolicy } from '../../src/policy/load.js';
import { clockAt, checksPolicyJson, fullEvidence, loaded } from '../fixtures/policy.js';
import { TEST_CITES, testCatalogue } from '../fixtures/notices.js';

const cites = TEST_CITES;
const FROM = Date.parse('2020-04-02T00:00:00+08:00');
const UNTIL = Date.parse('2020-06-01T00:00:00+08:00');
const bounded = () => loaded({ ...checksPolicyJson(), effective: { from: '2020-04-02T00:00:00+08:00', until: '2020-06-01T00:00:00+08:00' } });
const noteAt = (now: number, policy = bounded()) => decide(policy, fullEvidence(), { direction: 'entry', clock: clockAt(now), registers: { residentHousehold: () => undefined, quarantined: () => false, riskLevel: () => undefined, exitsSince: () => 0 } });

describe('when a policy is in force', () => {
  it.each([
    [FROM - 1, ['policy-not-yet-effective'], 'refer'],
    [FROM, [], 'admit'],
    [UNTIL - 1, [], 'admit'],
    [UNTIL, ['policy-expired'], 'refer'],
  ] as const)('at %i: notes %o, %s', (now, notes, verdict) => {
    const d = noteAt(now);
    expect(d.notes).toEqual(notes);
    expect(d.verdict).toBe(verdict);
  });

  it('is in force for good without `until`', () => {
    expect(noteAt(UNTIL + 1000 * 86_400_000, loaded()).notes).toEqual([]);
  });
});

describe('the engine', () => {
  it('records the directions of a rule that does not apply at this lane, and gives a passing rule no effect', () => {
    const json = checksPolicyJson();
    const rules = (json['rules'] as Record<string, unknown>[]).map((r) => (r['kind'] === 'mask' ? { ...r, directions: ['exit'] } : r));
    const d = decide(loaded({ ...json, rules }), fullEvidence(), { direction: 'entry', clock: clockAt(FROM), registers: { residentHousehold: () => undefined, quarantined: () => false, riskLevel: () => undefined, exitsSince: () => 0 } });
    expect(d.rules.map((r) => [r.kind, r.outcome, r.effect, r.values['directions'] ?? null])).toEqual([
      ['identity', 'PASSED', 'none', null],
      ['temperature', 'PASSED', 'none', null],
      ['mask', 'NOT_APPLICABLE', 'none', ['exit']],
    ]);
  });
});

describe('the evidence a session collects', () => {
  const only = (rule: Record<string, unknown>) => loaded({ ...checksPolicyJson(), rules: [{ id: 'r', cites, onFail: 'deny', ...rule }] });
  it.each([
    [{ kind: 'identity', params: { accept: ['resident-id'] } }, ['identity']],
    [{ kind: 'temperature', params: { thresholdC: 37.3, remeasures: 0, plausibleC: { min: 34, max: 43 } } }, ['temperature']],
    [{ kind: 'mask', params: { accept: ['self-declared'] } }, ['identity', 'mask']],
    [{ kind: 'health-code', params: { outcomes: { green: 'pass', yellow: 'refer', red: 'deny' }, maxAgeHours: 24, accept: ['signed-qr'], onUnverifiable: 'refer' } }, ['health-code', 'identity']],
    [{ kind: 'high-risk-travel', params: { levels: ['high'], withinDays: 14, accept: ['signed-travel-code'] } }, ['identity', 'travel']],
    [{ kind: 'residency', params: { nonResident: 'refer', exempt: [] } }, ['identity']],
    [{ kind: 'quarantine-list', params: {} }, ['identity']],
    [{ kind: 'exit-quota', params: { maxExits: 1, perDays: 1 } }, ['identity']],
    [{ kind: 'hours', params: { utcOffsetMinutes: 480, windows: [{ days: [1], from: '08:00', to: '09:00' }] } }, []],
    [{ kind: 'registration', params: { nonResidents: ['name'], residents: [] } }, []],
  ])('%o: %o', (rule, steps) => {
    expect([...requiredEvidence(only(rule), 'entry')].sort()).toEqual(steps);
  });

  it('takes a health code as identity only at lanes where an identity rule accepts it', () => {
    const json = checksPolicyJson();
    const rules = (json['rules'] as Record<string, unknown>[]).map((r) => (r['kind'] === 'identity' ? { ...r, directions: ['exit'], params: { accept: ['health-code'] } } : r));
    const policy = loaded({ ...json, rules });
    expect(healthCodeIdentifies(policy, 'exit')).toBe(true);
    expect(healthCodeIdentifies(policy, 'entry')).toBe(false);
    expect(healthCodeIdentifies(loaded(), 'entry')).toBe(false);
  });
});

describe('loading a policy refuses', () => {
  const refused = (json: Record<string, unknown>) => {
    const r = validatePolicy(json);
    if (r.ok) throw new Error('expected the policy to be refused');
    expect(new Set(r.error.map((f) => f.code))).toEqual(new Set(['policy.invalid']));
    return r.error.map((f) => f.message);
  };
  const withRules = (...rules: Record<string, unknown>[]) => ({ ...checksPolicyJson(), rules: rules.map((r) => ({ id: 'r', cites, onFail: 'deny', ...r })) });
  const temperature = (thresholdC: number) => ({ kind: 'temperature', params: { thresholdC, remeasures: 0, plausibleC: { min: 36, max: 38 } } });
  const hours = (from: string, to: string) => ({ kind: 'hours', params: { utcOffsetMinutes: 480, windows: [{ days: [1], from, to }] } });

  it.each([
    ['a threshold at the bottom of the plausible range', withRules(temperature(36)), 'rules.0.params.thresholdC: thresholdC must lie inside plausibleC'],
    ['a threshold at the top of the plausible range', withRules(temperature(38)), 'rules.0.params.thresholdC: thresholdC must lie inside plausibleC'],
    ['a window that closes when it opens', withRules(hours('08:00', '08:00')), 'rules.0.params.windows.0.to: from must be before to'],
    ['a time that is not HH:MM', withRules(hours('08:00', '24:00')), 'rules.0.params.windows.0.to: HH:MM, 00:00–23:59'],
    ['a rule id with capitals', withRules({ ...hours('08:00', '09:00'), id: 'Hours' }), 'rules.0.id: lowercase letters, digits, "." and "-", at most 64'],
    [
      'a health code rule under which no colour passes',
      withRules({ kind: 'health-code', params: { outcomes: { green: 'refer', yellow: 'refer', red: 'deny' }, maxAgeHours: 24, accept: ['signed-qr'], onUnverifiable: 'refer' } }),
      'rules.0.params.outcomes: at least one colour must pass',
    ],
    ['two rules with one id', withRules(hours('08:00', '09:00'), hours('10:00', '11:00')), 'rules.1.id: duplicate rule id "r"'],
    ['an end of the effective window at its start', { ...checksPolicyJson(), effective: { from: '2020-04-02T00:00:00Z', until: '2020-04-02T00:00:00Z' } }, 'effective.until: must be after effective.from'],
  ])('%s', (_what, json, message) => {
    expect(refused(json)).toEqual([message]);
  });

  it('accepts a rule citing any of the notices it lists', () => {
    const json = checksPolicyJson();
    const notices = [...(json['notices'] as string[]), 'second'];
    const rules = (json['rules'] as Record<string, unknown>[]).map((r, i) => (i === 0 ? { ...r, cites: { notice: 'second', clause: 'c' } } : r));
    expect(validatePolicy({ ...json, notices, rules }).ok).toBe(true);
  });

  it('reports text that is not JSON as policy.json', () => {
    const r = parsePolicy('{', testCatalogue());
    expect(!r.ok && r.error.map((f) => f.code)).toEqual(['policy.json']);
  });
});
