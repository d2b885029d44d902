/**
 * The engine against the reference evaluator (test/reference/evaluator.ts, written from the docs alone),
 * decision by decision over scenarios that cover every rule kind's parameter space (test/fixtures/arbitraries.ts):
 * the same verdict, notes, and per rule the same outcome and effect. The reference, not the engine, says which
 * evidence is missing. `FC_RUNS` raises the case count; disagreements found so far are fixed tests in
 * reference_counterexamples.test.ts.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/policy/engine.js';
import { scenarioArb, KINDS, type Scenario } from '../fixtures/arbitraries.js';
import { buildPolicy } from '../fixtures/policy-builder.js';
import { registersOf } from '../fixtures/registers-fake.js';
import { referenceDecide, type ReferenceDecision } from '../reference/evaluator.js';
import { CREDENTIAL_REFUSALS } from '../../src/credentials/refusal.js';

const RUNS = Math.max(10_000, Number(process.env['FC_RUNS'] ?? 0));

/** Both decisions for one scenario, reduced to what the reference decides. */
function both(s: Scenario) {
  const policy = buildPolicy(s.rules, s.options);
  const ctx = { direction: s.direction, clock: s.clock, registers: registersOf(s.registers), stale: s.stale };
  const engine = decide(policy, s.evidence, ctx);
  const reference = referenceDecide(policy, s.evidence, ctx);
  return {
    engine: { verdict: engine.verdict, notes: engine.notes, rules: engine.rules.map((r) => ({ id: r.id, kind: r.kind, outcome: r.outcome, effect: r.effect })) },
    reference: { verdict: reference.verdict, notes: reference.notes, rules: reference.rules.map(({ because: _because, ...r }) => r) },
    full: reference,
  };
}

/** What the reference saw decide, as labels: which generator corners the run reached. */
function labels(d: ReferenceDecision): string[] {
  return [`verdict:${d.verdict}`, ...d.notes.map((n) => `note:${n}`), ...d.rules.flatMap((r) => [`${r.kind}:${r.outcome}:${r.effect}`, `${r.kind}:${r.because}`])];
}

const seen = new Map<string, number>();
const timesReached = (corner: string): number => [...seen].reduce((n, [label, times]) => (label.startsWith(corner) ? n + times : n), 0);
afterAll(() => {
  const rarest = mustReach()
    .map((corner) => `${corner} ×${timesReached(corner)}`)
    .sort((a, b) => Number(a.split('×')[1]) - Number(b.split('×')[1]))
    .slice(0, 8);
  console.log(`reference comparison: ${RUNS} cases, ${seen.size} distinct outcomes; rarest required: ${rarest.join(', ')}`);
});

/**
 * Corners every run must reach, or the generators no longer cover the space and the comparison proves less.
 * A corner is reached when a label seen starts with it (`temperature:remeasure` by `temperature:remeasure+faults`).
 */
function mustReach(): string[] {
  const perKind = KINDS.flatMap((k) => [
    `${k}:PASSED:none`,
    `${k}:NOT_APPLICABLE:none`,
    `${k}:MISSING_EVIDENCE:deny`,
    `${k}:MISSING_EVIDENCE:refer`,
    ...(k === 'registration' ? [] : [`${k}:FAILED:deny`, `${k}:FAILED:refer`]),
    `${k}:other-direction`,
  ]);
  const timed = ['health-code', 'high-risk-travel', 'quarantine-list', 'exit-quota', 'hours'].map((k) => `${k}:clock-untrusted`);
  const stale = [...KINDS.map((k) => `${k}:bundle-stale`), 'quarantine-list:bundle-stale+clock-untrusted'];
  const refusals = CREDENTIAL_REFUSALS.flatMap((r) => [`health-code:refused:${r}`, `high-risk-travel:refused:${r}`]);
  const colours = ['green', 'yellow', 'red'].flatMap((c) => ['pass', 'refer', 'deny'].map((o) => `health-code:${c}:${o}`));
  return [
    ...perKind,
    ...timed,
    ...stale,
    ...refusals,
    ...colours,
    'verdict:admit',
    'verdict:refer',
    'verdict:deny',
    'note:policy-not-yet-effective',
    'note:policy-expired',
    'identity:refused-pass',
    'identity:not-accepted',
    'identity:expired-refused',
    'identity:expired-identifies',
    'identity:expiry-unknown',
    'identity:expiry-unknown-identifies',
    'identity:valid-last-day',
    'identity:accepted-long-term',
    'temperature:fever-at-threshold',
    'temperature:remeasure',
    'temperature:below-threshold+faults',
    'temperature:no-plausible-reading+faults',
    'mask:not-accepted',
    'health-code:unverifiable:timeout',
    'health-code:unverifiable:unreachable',
    'health-code:unverifiable:refused',
    'health-code:no-identity',
    'health-code:no-district-key',
    'health-code:via-not-accepted:online',
    'health-code:via-not-accepted:signed-qr',
    'health-code:subject-mismatch',
    'health-code:stale-by-1ms',
    'health-code:at-max-age:',
    'high-risk-travel:no-history',
    'high-risk-travel:via-not-accepted:declaration',
    'high-risk-travel:no-identity',
    'high-risk-travel:no-district-key',
    'high-risk-travel:subject-mismatch',
    'high-risk-travel:visit-on-earliest-day',
    'high-risk-travel:no-visit-at-levels',
    'residency:resident',
    'residency:exempt',
    'quarantine-list:listed',
    'quarantine-list:not-listed',
    'exit-quota:not-a-resident',
    'exit-quota:last-exit',
    'exit-quota:quota-just-used',
    'hours:open-at-from',
    'hours:closed-at-to',
    'hours:closed-at-midnight',
    'registration:resident-recorded',
    'registration:non-resident-fields-missing',
  ];
}

describe('the engine and the reference evaluator', () => {
  it(`decide alike, rule by rule, over ${RUNS} scenarios that reach every corner of the rule vocabulary`, () => {
    const details = fc.check(
      fc.property(scenarioArb(), (s) => {
        const { engine, reference, full } = both(s);
        for (const label of labels(full)) seen.set(label, (seen.get(label) ?? 0) + 1);
        expect(engine).toEqual(reference);
        // Missing evidence, as the reference sees it from the evidence, never admits.
        if (full.rules.some((r) => r.outcome === 'MISSING_EVIDENCE')) expect(engine.verdict).not.toBe('admit');
      }),
      { numRuns: RUNS },
    );
    if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'property failed');
    expect(details.numRuns).toBeGreaterThanOrEqual(10_000);
    const unreached = mustReach().filter((corner) => timesReached(corner) === 0);
    expect(unreached, 'corners of the rule vocabulary no scenario reached').toEqual([]);
  }, RUNS * 10);
});
