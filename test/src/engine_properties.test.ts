/**
 * Properties of the policy engine over its whole input space (policy, evidence, registers, clock).
 * Case counts are printed; `FC_RUNS` raises them (the nightly job runs 100,000). That missing evidence never admits is
 * checked against the reference evaluator, which tells missing evidence from the evidence (reference_engine.test.ts).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/policy/engine.js';
import type { Decision } from '../../src/policy/decision.js';
import type { Verdict } from '../../src/domain.js';
import { KINDS, ruleArb, scenarioArb, type Scenario } from '../fixtures/arbitraries.js';
import { buildPolicy, type RuleJson } from '../fixtures/policy-builder.js';
import { registersOf } from '../fixtures/registers-fake.js';

const RUNS = Number(process.env['FC_RUNS'] ?? 2000);
const counts: Record<string, number> = {};
afterAll(() => console.log(`engine property cases: ${JSON.stringify(counts)}`));

const rank: Record<Verdict, number> = { admit: 0, refer: 1, deny: 2 };

function run(name: string, prop: fc.IProperty<never> | fc.IAsyncProperty<never>): void {
  const details = fc.check(prop as fc.IProperty<unknown>, { numRuns: RUNS });
  counts[name] = details.numRuns;
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'property failed');
}

/** The scenario's decision, under its own rules or under `rules` instead. */
const decideWith = (s: Scenario, rules: readonly RuleJson[] = s.rules): Decision =>
  decide(buildPolicy(rules, s.options), s.evidence, { direction: s.direction, clock: s.clock, registers: registersOf(s.registers), stale: s.stale });

describe('policy engine properties', () => {
  it('gives the same decision for the same inputs', () => {
    run(
      'deterministic',
      fc.property(scenarioArb(), (s) => {
        expect(decideWith(s)).toEqual(decideWith(structuredClone(s)));
      }) as never,
    );
  });

  it('can only get stricter when a rule is added: never admits someone the smaller policy did not', () => {
    run(
      'monotone',
      fc.property(scenarioArb(), ruleArb, fc.nat(8), (s, extra, at) => {
        const bigger = [...s.rules.slice(0, at), extra, ...s.rules.slice(at)];
        expect(rank[decideWith(s, bigger).verdict]).toBeGreaterThanOrEqual(rank[decideWith(s).verdict]);
      }) as never,
    );
  });

  it('loses every trace of a kind when all its rules are removed', () => {
    run(
      'kind-removal',
      fc.property(scenarioArb(), fc.constantFrom(...KINDS), (s, kind) => {
        const full = decideWith(s);
        const reduced = decideWith(s, s.rules.filter((r) => r.kind !== kind));
        const strip = (d: Decision) => d.rules.filter((r) => r.kind !== kind).map(({ id: _id, ...r }) => r);
        expect(strip(reduced)).toEqual(strip(full));
        expect(reduced.rules.some((r) => r.kind === kind)).toBe(false);
        // The verdict of the reduced policy is exactly what the remaining rules (and the effective window) say.
        const expected: Verdict = reduced.rules.some((r) => r.effect === 'deny') ? 'deny' : reduced.rules.some((r) => r.effect === 'refer') || reduced.notes.length > 0 ? 'refer' : 'admit';
        expect(reduced.verdict).toBe(expected);
      }) as never,
    );
  });

  it('reads nothing but its inputs: no wall clock, no randomness, no globals', () => {
    const realNow = Date.now;
    const realRandom = Math.random;
    try {
      run(
        'no-hidden-inputs',
        fc.property(scenarioArb(), fc.integer(), (s, noise) => {
          const policy = buildPolicy(s.rules, s.options);
          const ctx = { direction: s.direction, clock: s.clock, registers: registersOf(s.registers), stale: s.stale };
          Date.now = () => realNow() + noise;
          Math.random = () => Math.abs(Math.sin(noise));
          const first = decide(policy, s.evidence, ctx);
          Date.now = () => {
            throw new Error('the engine read the wall clock');
          };
          Math.random = () => {
            throw new Error('the engine used randomness');
          };
          expect(decide(policy, s.evidence, ctx)).toEqual(first);
        }) as never,
      );
    } finally {
      Date.now = realNow;
      Math.random = realRandom;
    }
  });
});
