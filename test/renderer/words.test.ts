/** The kiosk's sentences and view bookkeeping, without a browser. */
import { describe, expect, it } from 'vitest';
import { gateView } from '../../src/ipc/view.js';
import { celsius } from '../../renderer/i18n/phrases.js';
import { describeReason, failedRules } from '../../renderer/i18n/reasons.js';
import { describeRule } from '../../renderer/i18n/rules.js';
import { nextView, pickLane } from '../../renderer/state/view.js';
import { NOW, fullEvidence, person, reading } from '../fixtures/policy.js';
import { collecting, idle, verdict, view } from './views.js';

const policy = gateView.parse(view(1, idle)).policy;

function reasons(screen: ReturnType<typeof verdict>): string[] {
  const parsed = gateView.parse(view(1, screen)).lanes[0]?.screen;
  if (parsed?.kind !== 'verdict') throw new Error('not a verdict');
  return failedRules(parsed.rules).map((r) => describeReason(r, policy).en);
}

describe('kiosk words', () => {
  it('formats °C with one decimal at least and two at most', () => {
    expect([37, 37.3, 37.25, 37.256].map(celsius)).toEqual(['37.0', '37.3', '37.25', '37.26']);
  });

  it('describes each rule from its parameters', () => {
    const rules = gateView.parse(view(1, idle, { thresholdC: 37.25 })).policy.rules;
    expect(rules.map((r) => describeRule(r).en)).toEqual([
      'Identity by resident ID card, staff badge or guard registration',
      'Body temperature below 37.25 °C (1 more try if high)',
      'Mask required',
    ]);
  });

  it('explains a fever, a pending re-measure, an invalid reading and a refused credential', () => {
    expect(reasons(verdict({ identity: person, temperatures: [reading(37.8), reading(38.1)] }, { seq: 1, id: 'a' }))).toEqual([
      'Temperature 38.1 °C is not below 37.3 °C',
      'Mask not confirmed',
    ]);
    expect(reasons(verdict({ ...fullEvidence(37.6) }, { seq: 2, id: 'b' }))).toEqual(['Temperature 37.6 °C was high and was not measured again']);
    expect(reasons(verdict({ ...fullEvidence(), temperatures: [reading(50)] }, { seq: 3, id: 'c' }))).toEqual(['The temperature reading was not valid']);
    const qr = { ...fullEvidence(), identity: { kind: 'qr-pass' as const, masked: 'qr …1234', ref: 'r' } };
    expect(reasons(verdict(qr, { seq: 4, id: 'd' }))).toEqual(['A QR pass is not accepted here; use resident ID card, staff badge or guard registration']);
    expect(reasons(verdict({ ...fullEvidence(), mask: { kind: 'camera-detected', at: NOW } }, { seq: 5, id: 'e' }))).toEqual([]);
  });

  it('keeps the last good view against stale and malformed snapshots', () => {
    const v5 = gateView.parse(view(5, idle));
    expect(nextView(null, view(5, idle))).toEqual(v5);
    expect(nextView(v5, view(4, collecting()))).toBe(v5);
    expect(nextView(v5, { revision: 6 })).toBe(v5);
    expect(nextView(v5, view(6, collecting()))?.revision).toBe(6);
    expect(nextView(v5, view(5, collecting()))?.lanes[0]?.screen.kind).toBe('collecting');
  });

  it('shows the first lane, or the one named by ?lane=', () => {
    const v = gateView.parse(view(1, idle));
    expect(pickLane(v, '')?.id).toBe('main-entry');
    expect(pickLane(v, '?lane=side-exit')?.id).toBe('side-exit');
    expect(pickLane(v, '?lane=nowhere')).toBeUndefined();
  });
});
