/**
 * Properties of the policy engine over its whole input space (policy, evidence, registers, clock).
 * Case counts are printed; `FC_RUNS` raises them (the nightly job runs 100,000).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/policy/engine.js';
import type { Decision } from '../../src/policy/decision.js';
import type { Verdict } from '../../src/domain.js';
import { KINDS, clockArb, evidenceArb, policyOf, registerDataArb, registersOf, ruleArb, type RuleJson } from '../fixtures/arbitraries.js';

const RUNS = Number(process.env['FC_RUNS'] ?? 2000);
const counts: Record<string, number> = {};
afterAll(() => console.log(`engine property cases: ${JSON.stringify(counts)}`));

const rank: Record<Verdict, number> = { admit: 0, refer: 1, deny: 2 };
const direction = fc.constantFrom('entry' as const, 'exit' as const);
const rulesArb = fc.array(ruleArb, { maxLength: 8 }) as fc.Arbitrary<RuleJson[]>;

function run(name: string, prop: fc.IProperty<never> | fc.IAsyncProperty<never>): void {
  const details = fc.check(prop as fc.IProperty<unknown>, { numRuns: RUNS });
  counts[name] = details.numRuns;
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'property failed');
}

const decideWith = (rules: RuleJson[], ev: Parameters<typeof decide>[1], data: Parameters<typeof registersOf>[0], clock: Parameters<typeof decide>[2]['clock'], dir: 'entry' | 'exit'): Decision =>
  decide(policyOf(rules), ev, { direction: dir, clock, registers: registersOf(data) });

describe('policy engine properties', () => {
  it('gives the same decision for the same inputs', () => {
    run(
      'deterministic',
      fc.property(rulesArb, evidenceArb, registerDataArb, clockArb, direction, (rules, ev, data, clock, dir) => {
        expect(decideWith(rules, ev, data, clock, dir)).toEqual(decideWith(rules, structuredClone(ev), structuredClone(data), { ...clock }, dir));
      }) as never,
    );
  });

  it('can only get stricter when a rule is added: never admits someone the smaller policy did not', () => {
    run(
      'monotone',
      fc.property(rulesArb, ruleArb as fc.Arbitrary<RuleJson>, fc.nat(8), evidenceArb, registerDataArb, clockArb, direction, (rules, extra, at, ev, data, clock, dir) => {
        const bigger = [...rules.slice(0, at), extra, ...rules.slice(at)];
        const before = decideWith(rules, ev, data, clock, dir).verdict;
        const after = decideWith(bigger, ev, data, clock, dir).verdict;
        expect(rank[after]).toBeGreaterThanOrEqual(rank[before]);
      }) as never,
    );
  });

  it('loses every trace of a kind when all its rules are removed', () => {
    run(
      'kind-removal',
      fc.property(rulesArb, fc.constantFrom(...KINDS), evidenceArb, registerDataArb, clockArb, direction, (rules, kind, ev, data, clock, dir) => {
        const without = rules.filter((r) => r.kind !== kind);
        const full = decideWith(rules, ev, data, clock, dir);
        const reduced = decideWith(without, ev, data, clock, dir);
        const strip = (d: Decision) => d.rules.filter((r) => r.kind !== kind).map(({ id: _id, ...r }) => r);
        expect(strip(reduced)).toEqual(strip(full));
        expect(reduced.rules.some((r) => r.kind === kind)).toBe(false);
        // The verdict of the reduced policy is exactly what the remaining rules say.
        const expected: Verdict = reduced.rules.some((r) => r.effect === 'deny') ? 'deny' : reduced.rules.some((r) => r.effect === 'refer') ? 'refer' : 'admit';
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
        fc.property(rulesArb, evidenceArb, registerDataArb, clockArb, direction, fc.integer(), (rules, ev, data, clock, dir, noise) => {
          const policy = policyOf(rules);
          Date.now = () => realNow() + noise;
          Math.random = () => Math.abs(Math.sin(noise));
          const first = decide(policy, ev, { direction: dir, clock, registers: registersOf(data) });
          Date.now = () => {
            throw new Error('the engine read the wall clock');
          };
          Math.random = () => {
            throw new Error('the engine used randomness');
          };
          expect(decide(policy, ev, { direction: dir, clock, registers: registersOf(data) })).toEqual(first);
        }) as never,
      );
    } finally {
      Date.now = realNow;
      Math.random = realRandom;
    }
  });

  it('never admits on missing evidence', () => {
    run(
      'missing-never-admits',
      fc.property(rulesArb, evidenceArb, registerDataArb, clockArb, direction, (rules, ev, data, clock, dir) => {
        const d = decideWith(rules, ev, data, clock, dir);
        if (d.rules.some((r) => r.outcome === 'MISSING_EVIDENCE')) expect(d.verdict).not.toBe('admit');
      }) as never,
    );
  });
});
