/**
 * Every disagreement the reference comparison (reference_engine.test.ts) turned up, and every place where the docs
 * allowed two readings, as a fixed case: engine and reference must agree on it, and on what the docs now say.
 */
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/domain.js';
import { decide } from '../../src/policy/engine.js';
import { buildPolicy, type RuleJson, type PolicyOptions } from '../fixtures/policy-builder.js';
import { registersOf, type RegisterData } from '../fixtures/registers-fake.js';
import { reading } from '../fixtures/policy.js';
import { referenceDecide } from '../reference/evaluator.js';

const DAY = 86_400_000;
const NO_REGISTER_DATA: RegisterData = { residents: {}, quarantine: [], riskAreas: [], exits: {} };
const resident = { kind: 'resident-id', masked: '1101**********002X', ref: 'ref-a', refKey: 'district' } as const;

interface Case {
  readonly rules: readonly RuleJson[];
  readonly options?: PolicyOptions;
  readonly evidence: Evidence;
  readonly registers?: RegisterData;
  readonly direction: 'entry' | 'exit';
  readonly now: number;
  readonly trusted: boolean;
}

/** Both decisions, reduced to what the reference decides (verdict, notes, per rule outcome and effect). */
function both(c: Case) {
  const policy = buildPolicy(c.rules, c.options);
  const ctx = { direction: c.direction, clock: { now: c.now, trusted: c.trusted, source: 'rtc', lastGoodSync: null }, registers: registersOf(c.registers ?? NO_REGISTER_DATA) };
  const e = decide(policy, c.evidence, ctx);
  const r = referenceDecide(policy, c.evidence, ctx);
  return {
    engine: { verdict: e.verdict, notes: e.notes, rules: e.rules.map((x) => ({ outcome: x.outcome, effect: x.effect })) },
    reference: { verdict: r.verdict, notes: r.notes, rules: r.rules.map((x) => ({ outcome: x.outcome, effect: x.effect })) },
  };
}

describe('reference counterexamples', () => {
  it('quarantine-list follows clock.onUntrusted: a dead RTC that reads a time before the quarantine began lets no quarantined resident out', () => {
    // The interval is from real "now" for 14 days; the gate's clock reads a year earlier and is untrusted. The
    // engine used to look the person up at the wrong time (not yet quarantined: PASSED) and admit them at the exit.
    const realNow = Date.parse('2021-01-10T04:00:00Z');
    const { engine, reference } = both({
      rules: [{ kind: 'quarantine-list', params: {}, directions: ['exit'], onFail: 'deny' }],
      evidence: { identity: resident, temperatures: [] },
      registers: { ...NO_REGISTER_DATA, residents: { 'ref-a': 'h1' }, quarantine: [{ ref: 'ref-a', from: realNow - DAY, until: realNow + 13 * DAY }] },
      direction: 'exit',
      now: realNow - 365 * DAY,
      trusted: false,
    });
    expect(engine).toEqual(reference);
    expect(engine).toEqual({ verdict: 'refer', notes: [], rules: [{ outcome: 'MISSING_EVIDENCE', effect: 'refer' }] });
  });
});

describe('where the docs allowed two readings', () => {
  it('temperature: a fever after a clear reading fails at once with remeasures 1, since every plausible reading of the session counts', () => {
    // "So `remeasures: 1` means a first fever reading earns one more measurement" read as "the first fever earns
    // one more" would make this MISSING_EVIDENCE; the rule counts plausible readings taken, clear ones included.
    const { engine, reference } = both({
      rules: [{ kind: 'temperature', params: { thresholdC: 37.3, remeasures: 1, plausibleC: { min: 34, max: 43 } }, onFail: 'deny' }],
      evidence: { identity: resident, temperatures: [reading(36.5), reading(38.0)] },
      direction: 'entry',
      now: Date.parse('2021-01-10T04:00:00Z'),
      trusted: true,
    });
    expect(engine).toEqual(reference);
    expect(engine).toEqual({ verdict: 'deny', notes: [], rules: [{ outcome: 'FAILED', effect: 'deny' }] });
  });
});
