/**
 * Freshness in the engine: a rule that reads a bundle kind past the policy's maximum age for it is
 * MISSING_EVIDENCE with that kind's `onStale`, before its evaluator runs; rules that read no stale kind are
 * decided as usual; a rule for the other direction stays NOT_APPLICABLE; the strictest effect wins.
 */
import { describe, expect, it } from 'vitest';
import type { BundleKind } from '../../src/bundles/kinds.js';
import { decide, type StaleBundle } from '../../src/policy/engine.js';
import { validatePolicy } from '../../src/policy/load.js';
import { NO_REGISTERS } from '../../src/registers.js';
import { NOW, clockAt, fullEvidence, loaded, person } from '../fixtures/policy.js';
import { TEST_CITES, TEST_NOTICE_ID } from '../fixtures/notices.js';

const HOUR = 3_600_000;

/** Identity, temperature, mask and quarantine-list (exit only unless `quarantineDirections`), with `freshness`. */
function policyJson(freshness: unknown, quarantineDirections: string[] = ['entry', 'exit']): Record<string, unknown> {
  return {
    format: 'gate.policy/2',
    id: 'fresh',
    version: '1',
    issuer: 'test',
    effective: { from: '2020-01-01T00:00:00Z' },
    notices: [TEST_NOTICE_ID],
    rules: [
      { id: 'identity', kind: 'identity', cites: TEST_CITES, onFail: 'refer', params: { accept: ['resident-id'] } },
      { id: 'temperature', kind: 'temperature', cites: TEST_CITES, onFail: 'deny', params: { thresholdC: 37.3, remeasures: 1, plausibleC: { min: 34, max: 43 } } },
      { id: 'mask', kind: 'mask', cites: TEST_CITES, onFail: 'deny', params: { accept: ['self-declared'] } },
      { id: 'quarantine', kind: 'quarantine-list', cites: TEST_CITES, onFail: 'deny', directions: quarantineDirections, params: {} },
    ],
    ...(freshness === undefined ? {} : { freshness }),
  };
}

const FRESHNESS = [
  { kind: 'quarantine', maxAgeHours: 12, onStale: 'refer' },
  { kind: 'issuer-keys', maxAgeHours: 24, onStale: 'deny' },
  { kind: 'policy', maxAgeHours: 168, onStale: 'refer' },
];

const stale = (entries: Partial<Record<BundleKind, number | null>>): ReadonlyMap<BundleKind, StaleBundle> =>
  new Map(Object.entries(entries).map(([k, ageMs]) => [k as BundleKind, { ageMs: ageMs ?? null }]));

const decideWith = (json: Record<string, unknown>, staleKinds: ReadonlyMap<BundleKind, StaleBundle> | undefined, direction: 'entry' | 'exit' = 'entry', trusted = true) =>
  decide(loaded(json), fullEvidence(), { direction, clock: clockAt(NOW, trusted), registers: NO_REGISTERS, ...(staleKinds === undefined ? {} : { stale: staleKinds }) });

const outcomes = (d: ReturnType<typeof decide>) => d.rules.map((r) => [r.id, r.outcome, r.effect]);

describe('freshness in the engine', () => {
  it('admits as before when nothing is stale, with or without a freshness list', () => {
    expect(decideWith(policyJson(FRESHNESS), undefined).verdict).toBe('admit');
    expect(decideWith(policyJson(FRESHNESS), new Map()).verdict).toBe('admit');
    expect(decideWith(policyJson(undefined), stale({ quarantine: 20 * HOUR })).verdict).toBe('admit');
  });

  it('refers the rules that read a stale kind, with the kind and its age, and decides the others as usual', () => {
    const d = decideWith(policyJson(FRESHNESS), stale({ quarantine: 14 * HOUR + 36_000 }));
    expect(outcomes(d)).toEqual([
      ['identity', 'PASSED', 'none'],
      ['temperature', 'PASSED', 'none'],
      ['mask', 'PASSED', 'none'],
      ['quarantine', 'MISSING_EVIDENCE', 'refer'],
    ]);
    expect(d.rules[3]?.values).toEqual({ stale: ['quarantine'], ageHours: { quarantine: 14.01 } });
    expect(d.verdict).toBe('refer');
  });

  it('denies them where the kind says deny (issuer keys: identity)', () => {
    const d = decideWith(policyJson(FRESHNESS), stale({ 'issuer-keys': 30 * HOUR }));
    expect(d.rules[0]).toMatchObject({ outcome: 'MISSING_EVIDENCE', effect: 'deny', values: { stale: ['issuer-keys'], ageHours: { 'issuer-keys': 30 } } });
    expect(outcomes(d).slice(1)).toEqual([
      ['temperature', 'PASSED', 'none'],
      ['mask', 'PASSED', 'none'],
      ['quarantine', 'PASSED', 'none'],
    ]);
    expect(d.verdict).toBe('deny');
  });

  it('takes a kind never applied as stale with no age', () => {
    const d = decideWith(policyJson(FRESHNESS), stale({ quarantine: null }));
    expect(d.rules[3]).toMatchObject({ outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { stale: ['quarantine'], ageHours: { quarantine: null } } });
  });

  it('ignores a stale kind the policy gives no maximum age', () => {
    const d = decideWith(policyJson([{ kind: 'quarantine', maxAgeHours: 12, onStale: 'refer' }]), stale({ residents: 99 * HOUR, 'risk-areas': 99 * HOUR }));
    expect(d.verdict).toBe('admit');
  });

  it('leaves a rule for the other direction NOT_APPLICABLE', () => {
    const d = decideWith(policyJson(FRESHNESS, ['exit']), stale({ quarantine: 20 * HOUR }), 'entry');
    expect(d.rules[3]).toMatchObject({ outcome: 'NOT_APPLICABLE', effect: 'none' });
    expect(d.verdict).toBe('admit');
    const atExit = decideWith(policyJson(FRESHNESS, ['exit']), stale({ quarantine: 20 * HOUR }), 'exit');
    expect(atExit.rules[3]).toMatchObject({ outcome: 'MISSING_EVIDENCE', effect: 'refer' });
  });

  it('gives a rule reading several stale kinds the strictest effect, naming them all', () => {
    const d = decideWith(policyJson(FRESHNESS), stale({ policy: 200 * HOUR, 'issuer-keys': 25 * HOUR }));
    // identity reads both the policy (refer) and the issuer keys (deny): deny wins.
    expect(d.rules[0]).toMatchObject({ outcome: 'MISSING_EVIDENCE', effect: 'deny', values: { stale: ['policy', 'issuer-keys'], ageHours: { policy: 200, 'issuer-keys': 25 } } });
    // the others read only the policy: refer.
    expect(d.rules.slice(1).map((r) => r.effect)).toEqual(['refer', 'refer', 'refer']);
    expect(d.verdict).toBe('deny');
    // the order of the stale map does not matter.
    const reversed = decideWith(policyJson(FRESHNESS), new Map([['issuer-keys', { ageMs: 25 * HOUR }], ['policy', { ageMs: 200 * HOUR }]]));
    expect(reversed.rules).toEqual(d.rules);
  });

  it('takes the stricter of onStale and clock.onUntrusted when the clock is untrusted too', () => {
    const json = { ...policyJson(FRESHNESS), clock: { onUntrusted: 'deny' } };
    const d = decideWith(json, stale({ quarantine: 13 * HOUR }), 'entry', false);
    expect(d.rules[3]).toMatchObject({ outcome: 'MISSING_EVIDENCE', effect: 'deny', values: { stale: ['quarantine'], clock: 'untrusted' } });
    // a stale rule that does not need the time keeps onStale.
    const keys = decideWith({ ...json, freshness: [{ kind: 'policy', maxAgeHours: 1, onStale: 'refer' }] }, stale({ policy: 2 * HOUR }), 'entry', false);
    expect(keys.rules[1]).toMatchObject({ outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { stale: ['policy'], ageHours: { policy: 2 } } });
    expect(keys.rules[1]?.values).not.toHaveProperty('clock');
  });

  it('does not evaluate a stale rule: a listed person is not denied on a stale list, only referred', () => {
    const listed = { ...NO_REGISTERS, quarantined: (ref: string) => ref === person.ref };
    const d = decide(loaded(policyJson(FRESHNESS)), fullEvidence(), { direction: 'entry', clock: clockAt(NOW), registers: listed, stale: stale({ quarantine: 13 * HOUR }) });
    expect(d.rules[3]).toMatchObject({ outcome: 'MISSING_EVIDENCE', effect: 'refer' });
    expect(decide(loaded(policyJson(FRESHNESS)), fullEvidence(), { direction: 'entry', clock: clockAt(NOW), registers: listed }).rules[3]).toMatchObject({ outcome: 'FAILED', effect: 'deny' });
  });
});

describe('the freshness list in the policy format', () => {
  const problems = (freshness: unknown): string[] => {
    const r = validatePolicy(policyJson(freshness));
    return r.ok ? [] : r.error.map((f) => f.message);
  };

  it('takes the issue’s examples: quarantine 12 h, policy 7 d, with or without a citation', () => {
    expect(problems([{ kind: 'quarantine', maxAgeHours: 12, onStale: 'refer' }, { kind: 'policy', maxAgeHours: 168, onStale: 'deny', cites: TEST_CITES }])).toEqual([]);
  });

  it.each([
    [[{ kind: 'quarantine', maxAgeHours: 0, onStale: 'refer' }], 'freshness.0.maxAgeHours'],
    [[{ kind: 'quarantine', maxAgeHours: 8761, onStale: 'refer' }], 'freshness.0.maxAgeHours'],
    [[{ kind: 'quarantine', maxAgeHours: 1.5, onStale: 'refer' }], 'freshness.0.maxAgeHours'],
    [[{ kind: 'time', maxAgeHours: 1, onStale: 'refer' }], 'freshness.0.kind'],
    [[{ kind: 'quarantine', maxAgeHours: 1, onStale: 'admit' }], 'freshness.0.onStale'],
    [[{ kind: 'quarantine', maxAgeHours: 1, onStale: 'refer', extra: 1 }], 'freshness.0'],
    [[{ kind: 'quarantine', maxAgeHours: 1, onStale: 'refer', cites: { notice: 'elsewhere', clause: '1' } }], 'freshness.0.cites.notice'],
  ])('refuses %j at %s', (freshness, field) => {
    expect(problems(freshness).some((p) => p.startsWith(`${field}:`) || p.startsWith(`${field}.`))).toBe(true);
  });

  it('refuses a kind given twice, naming the second', () => {
    expect(problems([{ kind: 'quarantine', maxAgeHours: 12, onStale: 'refer' }, { kind: 'quarantine', maxAgeHours: 24, onStale: 'deny' }])).toEqual([
      'freshness.1.kind: "quarantine" has two maximum ages',
    ]);
  });
});
