/**
 * Each rule kind, alone in a policy, at the edges of its parameters: the outcome, the effect and the
 * `values` the export and the verdict screen carry ("values are what the rule looked at", README §Export
 * format). One case per behaviour the README's vocabulary table and docs/policy.md state.
 */
import { describe, expect, it } from 'vitest';
import type { Credential, Evidence, HealthCodeEvidence, TravelEvidence } from '../../src/domain.js';
import { decide } from '../../src/policy/engine.js';
import type { RuleResult } from '../../src/policy/decision.js';
import { NO_REGISTERS, type Registers } from '../../src/registers.js';
import { NOW, clockAt, checksPolicyJson, loaded, person, reading } from '../fixtures/policy.js';
import { TEST_CITES } from '../fixtures/notices.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const cites = TEST_CITES;
const installKeyed: Credential = { ...person, refKey: 'install' };

/** The one result of `rule` (onFail deny, onMissing refer unless given) on this evidence. */
function resultOf(rule: Record<string, unknown>, evidence: Partial<Evidence>, registers: Registers = NO_REGISTERS, now = NOW): RuleResult {
  const policy = loaded({ ...checksPolicyJson(), rules: [{ id: 'r', cites, onFail: 'deny', ...rule }] });
  const d = decide(policy, { temperatures: [], ...evidence }, { direction: 'entry', clock: clockAt(now), registers });
  expect(d.rules).toHaveLength(1);
  return d.rules[0]!;
}
const outcome = (r: RuleResult) => ({ outcome: r.outcome, effect: r.effect, values: r.values });

describe('identity', () => {
  const rule = { kind: 'identity', params: { accept: ['resident-id'] } };
  it.each([
    ['an accepted credential', { identity: person }, { outcome: 'PASSED', effect: 'none', values: { credential: 'resident-id', accepted: ['resident-id'] } }],
    ['another kind', { identity: { ...person, kind: 'mrz' } }, { outcome: 'FAILED', effect: 'deny', values: { credential: 'mrz', accepted: ['resident-id'] } }],
    ['no credential', {}, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { accepted: ['resident-id'] } }],
    [
      'a refused resident pass',
      { identity: person, refusedPass: { status: 'refused', refusal: 'credential.too-old' } },
      { outcome: 'FAILED', effect: 'deny', values: { credential: 'qr-pass', refused: 'credential.too-old', reason: 'the code was issued too long ago', accepted: ['resident-id'] } },
    ],
  ] as const)('%s', (_what, evidence, expected) => {
    expect(outcome(resultOf(rule, evidence as Partial<Evidence>))).toEqual(expected);
  });
});

describe('temperature', () => {
  const rule = { kind: 'temperature', params: { thresholdC: 37.3, remeasures: 0, plausibleC: { min: 34, max: 43 } } };
  const at = (...c: number[]) => ({ temperatures: c.map((x) => reading(x)) });
  it.each([
    ['the plausible minimum passes', at(34), 'PASSED', 0],
    ['below the plausible range is a sensor fault', at(33.99), 'MISSING_EVIDENCE', 1],
    ['the plausible maximum is a fever', at(43), 'FAILED', 0],
    ['above the plausible range is a sensor fault', at(43.01), 'MISSING_EVIDENCE', 1],
    ['the threshold itself is a fever', at(37.3), 'FAILED', 0],
    ['just below the threshold passes', at(37.29), 'PASSED', 0],
    ['a fault after a normal reading leaves it deciding', at(36.5, Number.NaN), 'PASSED', 1],
  ] as const)('%s', (_what, evidence, expected, implausible) => {
    const r = resultOf(rule, evidence);
    expect(r.outcome).toBe(expected);
    expect(r.values).toMatchObject({ implausible, thresholdC: 37.3, remeasures: 0 });
  });

  it('records the readings to 0.01 °C, a fault as null', () => {
    expect(resultOf(rule, at(36.456, Number.NaN)).values['readingsC']).toEqual([36.46, null]);
  });

  it('records what each reading was made of: raw value, ambient, offset, compensation and sample count', () => {
    const surface = { ...reading(36.456), rawC: 34.123, ambientC: 23.456, offsetC: 0.5, compensation: 'linear:0.16', samples: 3 } as const;
    const module = { ...reading(Number.NaN), rawC: Number.NaN, ambientC: 24, offsetC: 0, compensation: 'module', samples: 2 } as const;
    expect(resultOf(rule, { temperatures: [surface, module] }).values['readings']).toEqual([
      { bodyC: 36.46, rawC: 34.12, ambientC: 23.46, offsetC: 0.5, compensation: 'linear:0.16', samples: 3 },
      { bodyC: null, rawC: null, ambientC: 24, offsetC: 0, compensation: 'module', samples: 2 },
    ]);
  });
});

describe('mask', () => {
  const rule = { kind: 'mask', params: { accept: ['guard-confirmed'] } };
  it.each([
    ['accepted evidence', { mask: { kind: 'guard-confirmed', at: NOW } }, { outcome: 'PASSED', effect: 'none', values: { evidence: 'guard-confirmed', accepted: ['guard-confirmed'] } }],
    ['other evidence', { mask: { kind: 'self-declared', at: NOW } }, { outcome: 'FAILED', effect: 'deny', values: { evidence: 'self-declared', accepted: ['guard-confirmed'] } }],
    ['none', {}, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { accepted: ['guard-confirmed'] } }],
  ] as const)('%s', (_what, evidence, expected) => {
    expect(outcome(resultOf(rule, evidence as Partial<Evidence>))).toEqual(expected);
  });
});

describe('health-code', () => {
  const rule = { kind: 'health-code', params: { outcomes: { green: 'pass', yellow: 'refer', red: 'deny' }, maxAgeHours: 24, accept: ['signed-qr'], onUnverifiable: 'deny' } };
  const code = (over: Partial<Extract<HealthCodeEvidence, { status: 'verified' }>> = {}): HealthCodeEvidence => ({
    status: 'verified',
    via: 'signed-qr',
    colour: 'green',
    subject: person.ref,
    issuer: 'hc',
    issuedAt: NOW - 90 * 60_000,
    ...over,
  });
  const seen = { colour: 'green', via: 'signed-qr', issuer: 'hc', ageHours: 1.5, maxAgeHours: 24 };
  it.each([
    ['a fresh green code of this person', { identity: person, healthCode: code() }, { outcome: 'PASSED', effect: 'none', values: seen }],
    ['a code exactly maxAgeHours old', { identity: person, healthCode: code({ issuedAt: NOW - 24 * HOUR }) }, { outcome: 'PASSED', effect: 'none', values: { ...seen, ageHours: 24 } }],
    ['a code older than maxAgeHours', { identity: person, healthCode: code({ issuedAt: NOW - 24 * HOUR - 1 }) }, { outcome: 'FAILED', effect: 'deny', values: { ...seen, ageHours: 24, stale: true } }],
    ['a yellow code', { identity: person, healthCode: code({ colour: 'yellow' }) }, { outcome: 'FAILED', effect: 'refer', values: { ...seen, colour: 'yellow' } }],
    ['another person’s code', { identity: person, healthCode: code({ subject: 'ref-b' }) }, { outcome: 'FAILED', effect: 'deny', values: { ...seen, subjectMismatch: true } }],
    ['a code verified another way', { identity: person, healthCode: code({ via: 'online' }) }, { outcome: 'FAILED', effect: 'deny', values: { ...seen, via: 'online', accepted: ['signed-qr'] } }],
    ['a code with nobody identified', { healthCode: code() }, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { ...seen, subjectCheck: 'no-identity' } }],
    ['a code that cannot be bound (no district key)', { identity: installKeyed, healthCode: code() }, { outcome: 'MISSING_EVIDENCE', effect: 'deny', values: { ...seen, subjectCheck: 'no-district-key' } }],
    ['no code', { identity: person }, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { accepted: ['signed-qr'] } }],
    ['an unverifiable code', { identity: person, healthCode: { status: 'unverifiable', via: 'online', reason: 'timeout' } }, { outcome: 'MISSING_EVIDENCE', effect: 'deny', values: { unverifiable: 'timeout' } }],
    ['a refused code', { identity: person, healthCode: { status: 'refused', refusal: 'credential.expired' } }, { outcome: 'FAILED', effect: 'deny', values: { via: 'signed-qr', refused: 'credential.expired', reason: 'the code has expired' } }],
  ] as const)('%s', (_what, evidence, expected) => {
    expect(outcome(resultOf(rule, evidence as Partial<Evidence>))).toEqual(expected);
  });
});

describe('high-risk-travel', () => {
  const rule = { kind: 'high-risk-travel', params: { levels: ['high'], withinDays: 14, accept: ['signed-travel-code'] } };
  const day = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString().slice(0, 10);
  const trip = (visited: TravelEvidence['visited'], over: Partial<TravelEvidence> = {}): TravelEvidence => ({ status: 'verified', via: 'signed-travel-code', subject: person.ref, issuedAt: NOW, visited, ...over });
  const risk: Registers = { ...NO_REGISTERS, riskLevel: (area) => (area === '130102' ? 'high' : area === '130104' ? 'medium' : undefined) };
  const travelled = (visited: TravelEvidence['visited']) => resultOf(rule, { identity: person, travel: trip(visited) }, risk);

  it('fails a visit to a high-risk area on the first day of the window, and names it', () => {
    expect(outcome(travelled([{ area: '130102', lastDay: day(14) }]))).toEqual({
      outcome: 'FAILED',
      effect: 'deny',
      values: { via: 'signed-travel-code', withinDays: 14, hits: [{ area: '130102', lastDay: day(14), level: 'high' }] },
    });
  });

  it.each([
    ['a visit before the window', [{ area: '130102', lastDay: day(15) }]],
    ['an area at a level the rule does not count', [{ area: '130104', lastDay: day(1) }]],
    ['an area the register does not list', [{ area: '420102', lastDay: day(1) }]],
    ['no visits', []],
  ])('passes %s', (_what, visited) => {
    expect(outcome(travelled(visited))).toEqual({ outcome: 'PASSED', effect: 'none', values: { via: 'signed-travel-code', withinDays: 14, hits: [] } });
  });

  it.each([
    ['someone else’s code', { identity: person, travel: trip([], { subject: 'ref-b' }) }, { outcome: 'FAILED', effect: 'deny', values: { via: 'signed-travel-code', subjectMismatch: true } }],
    ['a code with nobody identified', { travel: trip([]) }, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { via: 'signed-travel-code', subjectCheck: 'no-identity' } }],
    ['a code that cannot be bound (no district key)', { identity: installKeyed, travel: trip([]) }, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { via: 'signed-travel-code', subjectCheck: 'no-district-key' } }],
    ['a declaration where only codes are accepted', { identity: person, travel: trip([], { via: 'declaration' }) }, { outcome: 'FAILED', effect: 'deny', values: { via: 'declaration', accepted: ['signed-travel-code'] } }],
    ['a refused code', { identity: person, travel: { status: 'refused', refusal: 'credential.bad-signature' } }, { outcome: 'FAILED', effect: 'deny', values: { via: 'signed-travel-code', refused: 'credential.bad-signature', reason: 'the code is not validly signed (forged or altered)' } }],
    ['no travel history', { identity: person }, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { accepted: ['signed-travel-code'] } }],
  ] as const)('%s', (_what, evidence, expected) => {
    expect(outcome(resultOf(rule, evidence as Partial<Evidence>, risk))).toEqual(expected);
  });
});

describe('residency', () => {
  const rule = { kind: 'residency', params: { nonResident: 'refer', exempt: ['medical'] } };
  const residents: Registers = { ...NO_REGISTERS, residentHousehold: (ref) => (ref === person.ref ? 'h1' : undefined) };
  const visitor = { ...person, ref: 'ref-v' };
  const registered = (category: 'medical' | 'delivery') => ({ fields: [], category, sealedId: 's', by: 'g' });
  it.each([
    ['a resident', { identity: person }, { outcome: 'PASSED', effect: 'none', values: { resident: true } }],
    ['an exempt category', { identity: visitor, registration: registered('medical') }, { outcome: 'PASSED', effect: 'none', values: { resident: false, exempt: 'medical' } }],
    ['a category that is not exempt', { identity: visitor, registration: registered('delivery') }, { outcome: 'FAILED', effect: 'refer', values: { resident: false, category: 'delivery' } }],
    ['a non-resident nobody registered', { identity: visitor }, { outcome: 'FAILED', effect: 'refer', values: { resident: false, category: null } }],
    ['nobody identified', {}, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: {} }],
  ] as const)('%s', (_what, evidence, expected) => {
    expect(outcome(resultOf(rule, evidence as Partial<Evidence>, residents))).toEqual(expected);
  });
});

describe('quarantine-list', () => {
  const rule = { kind: 'quarantine-list', params: {} };
  const listed: Registers = { ...NO_REGISTERS, quarantined: (ref, at) => ref === person.ref && at === NOW };
  it.each([
    ['a listed person', { identity: person }, { outcome: 'FAILED', effect: 'deny', values: { listed: true } }],
    ['anyone else', { identity: { ...person, ref: 'ref-b' } }, { outcome: 'PASSED', effect: 'none', values: { listed: false } }],
    ['nobody identified', {}, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: {} }],
  ] as const)('%s', (_what, evidence, expected) => {
    expect(outcome(resultOf(rule, evidence as Partial<Evidence>, listed))).toEqual(expected);
  });
});

describe('exit-quota', () => {
  const rule = { kind: 'exit-quota', params: { maxExits: 2, perDays: 3 } };
  const exits = (used: number): Registers => ({
    ...NO_REGISTERS,
    residentHousehold: (ref) => (ref === person.ref ? 'h1' : undefined),
    exitsSince: (household, since) => (household === 'h1' && since === NOW - 3 * DAY ? used : 99),
  });
  it.each([
    ['fewer exits than the quota', 1, { identity: person }, { outcome: 'PASSED', effect: 'none', values: { used: 1, maxExits: 2, perDays: 3 } }],
    ['the quota used up', 2, { identity: person }, { outcome: 'FAILED', effect: 'deny', values: { used: 2, maxExits: 2, perDays: 3 } }],
    ['a non-resident', 0, { identity: { ...person, ref: 'ref-b' } }, { outcome: 'NOT_APPLICABLE', effect: 'none', values: { resident: false } }],
    ['nobody identified', 0, {}, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: {} }],
  ] as const)('%s', (_what, used, evidence, expected) => {
    expect(outcome(resultOf(rule, evidence as Partial<Evidence>, exits(used)))).toEqual(expected);
  });
});

describe('hours', () => {
  // NOW is Sunday 2026-11-22 09:00 UTC: 17:00 local at +480.
  const rule = (windows: unknown[]) => ({ kind: 'hours', params: { utcOffsetMinutes: 480, windows } });
  const at = (windows: unknown[], now = NOW) => outcome(resultOf(rule(windows), {}, NO_REGISTERS, now));
  it.each([
    ['opens at `from`', [{ days: [7], from: '17:00', to: '18:00' }], 'PASSED'],
    ['is closed at `to`', [{ days: [7], from: '08:00', to: '17:00' }], 'FAILED'],
    ['is closed before `from`', [{ days: [7], from: '17:01', to: '18:00' }], 'FAILED'],
    ['is closed on a weekday not listed', [{ days: [1, 2, 3, 4, 5, 6], from: '00:00', to: '23:59' }], 'FAILED'],
    ['is open when any window is', [{ days: [1], from: '00:00', to: '23:59' }, { days: [7], from: '16:00', to: '18:00' }], 'PASSED'],
  ] as const)('%s', (_what, windows, expected) => {
    expect(at([...windows])).toEqual({ outcome: expected, effect: expected === 'PASSED' ? 'none' : 'deny', values: { weekday: 7, time: '17:00' } });
  });

  it('uses the local date: 23:30 UTC on Sunday is Monday 07:30 at +480', () => {
    expect(at([{ days: [1], from: '07:00', to: '08:00' }], Date.parse('2026-11-22T23:30:00Z'))).toMatchObject({ outcome: 'PASSED', values: { weekday: 1, time: '07:30' } });
  });
});

describe('registration', () => {
  const rule = { kind: 'registration', params: { nonResidents: ['name', 'phone'], residents: [] } };
  const residents: Registers = { ...NO_REGISTERS, residentHousehold: (ref) => (ref === person.ref ? 'h1' : undefined) };
  const visitor = { ...person, ref: 'ref-v' };
  const recorded = (fields: ('name' | 'phone')[]) => ({ fields, category: 'visitor' as const, sealedId: 's', by: 'g' });
  it.each([
    ['a visitor with every field recorded', { identity: visitor, registration: recorded(['name', 'phone']) }, { outcome: 'PASSED', effect: 'none', values: { resident: false, required: ['name', 'phone'], missing: [] } }],
    ['a visitor with a field missing', { identity: visitor, registration: recorded(['name']) }, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { resident: false, required: ['name', 'phone'], missing: ['phone'] } }],
    ['a visitor nobody registered', { identity: visitor }, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { resident: false, required: ['name', 'phone'], missing: ['name', 'phone'] } }],
    ['a resident, of whom nothing is required', { identity: person }, { outcome: 'PASSED', effect: 'none', values: { resident: true, required: [], missing: [] } }],
    ['nobody identified', {}, { outcome: 'MISSING_EVIDENCE', effect: 'refer', values: {} }],
  ] as const)('%s', (_what, evidence, expected) => {
    expect(outcome(resultOf(rule, evidence as Partial<Evidence>, residents))).toEqual(expected);
  });
});
