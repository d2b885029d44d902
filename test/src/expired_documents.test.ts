/**
 * The identity rule's `expiredDocuments` parameter: an identity read from an expired ID card identifies by
 * default (the notices ask who the person is, not for a valid card) and the validity is recorded; `refuse`
 * fails it; an expiry that cannot be told because the clock is untrusted follows `clock.onUntrusted`. The
 * session carries the card's validity from the identity input to the decision.
 */
import { describe, expect, it } from 'vitest';
import type { Evidence, IdentityDocument } from '../../src/domain.js';
import { decide } from '../../src/policy/engine.js';
import { validatePolicy } from '../../src/policy/load.js';
import { planFor } from '../../src/session/machine.js';
import type { SessionInput } from '../../src/session/types.js';
import { NOW, checksPolicyJson, clockAt, fullEvidence, loaded, person, reading } from '../fixtures/policy.js';
import { runSession } from '../fixtures/session.js';
import { NO_REGISTERS } from '../../src/registers.js';
import { gateView, ruleResultView } from '../../src/ipc/view.js';
import { describeReason } from '../../renderer/i18n/reasons.js';
import { idle, policyOf, view } from '../renderer/views.js';

/** NOW is 2026-11-22T09:00Z. */
const TODAY = '2026-11-22';

function policy(expiredDocuments?: 'identify' | 'refuse', onUntrusted?: 'deny' | 'refer') {
  const json = checksPolicyJson();
  const rules = (json['rules'] as { kind: string; params: Record<string, unknown> }[]).map((r) =>
    r.kind === 'identity' && expiredDocuments !== undefined ? { ...r, params: { ...r.params, expiredDocuments } } : r,
  );
  return loaded({ ...json, rules, ...(onUntrusted === undefined ? {} : { clock: { onUntrusted } }) });
}

const withCard = (validTo: string): Evidence => ({ ...fullEvidence(), document: { validTo } });
const identityRule = (p: ReturnType<typeof policy>, evidence: Evidence, trusted = true, now = NOW) =>
  decide(p, evidence, { direction: 'entry', clock: clockAt(now, trusted), registers: NO_REGISTERS }).rules.find((r) => r.kind === 'identity');

describe('the identity rule and expired documents', () => {
  it('defaults to identify: a policy without the parameter loads with expiredDocuments "identify"', () => {
    const rule = policy().doc.rules.find((r) => r.kind === 'identity');
    expect(rule?.kind === 'identity' && rule.params.expiredDocuments).toBe('identify');
  });

  it('refuses any other value, naming the field', () => {
    const json = checksPolicyJson();
    const rules = (json['rules'] as { kind: string; params: Record<string, unknown> }[]).map((r) => (r.kind === 'identity' ? { ...r, params: { ...r.params, expiredDocuments: 'warn' } } : r));
    const r = validatePolicy({ ...json, rules });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.map((f) => f.path)).toContain('rules.0.params.expiredDocuments');
  });

  it('identifies with an expired card by default and records the validity and that it had expired', () => {
    const rule = identityRule(policy(), withCard('2026-11-21'));
    expect(rule).toMatchObject({ outcome: 'PASSED', effect: 'none', values: { credential: 'resident-id', document: { validTo: '2026-11-21', expired: true } } });
    expect(decide(policy(), withCard('2026-11-21'), { direction: 'entry', clock: clockAt(NOW), registers: NO_REGISTERS }).verdict).toBe('admit');
  });

  it('with "refuse", fails an expired card with the rule’s onFail, and passes it on its last valid day', () => {
    const p = policy('refuse');
    expect(identityRule(p, withCard('2026-11-21'))).toMatchObject({ outcome: 'FAILED', effect: 'refer', values: { document: { validTo: '2026-11-21', expired: true } } });
    expect(identityRule(p, withCard(TODAY))).toMatchObject({ outcome: 'PASSED', values: { document: { validTo: TODAY, expired: false } } });
    // The last valid day lasts until the UTC date changes.
    expect(identityRule(p, withCard(TODAY), true, Date.parse('2026-11-22T23:59:59.999Z'))?.outcome).toBe('PASSED');
    expect(identityRule(p, withCard(TODAY), true, Date.parse('2026-11-23T00:00:00Z'))?.outcome).toBe('FAILED');
  });

  it('never expires a long-term card, whatever the clock', () => {
    for (const trusted of [true, false]) {
      expect(identityRule(policy('refuse'), withCard('long-term'), trusted)).toMatchObject({ outcome: 'PASSED', values: { document: { validTo: 'long-term', expired: false } } });
    }
  });

  it('with an untrusted clock records the expiry as unknown: identify passes, refuse follows clock.onUntrusted', () => {
    expect(identityRule(policy('identify'), withCard('2020-01-01'), false)).toMatchObject({ outcome: 'PASSED', values: { document: { expired: 'unknown' } } });
    for (const onUntrusted of ['deny', 'refer'] as const) {
      expect(identityRule(policy('refuse', onUntrusted), withCard('2030-01-01'), false)).toMatchObject({
        outcome: 'MISSING_EVIDENCE',
        effect: onUntrusted,
        values: { clock: 'untrusted', document: { validTo: '2030-01-01', expired: 'unknown' } },
      });
    }
  });

  it('records no document for an identity that came without one (a scanned pass, a badge)', () => {
    const rule = identityRule(policy('refuse'), fullEvidence(), false);
    expect(rule?.outcome).toBe('PASSED');
    expect(rule?.values).not.toHaveProperty('document');
  });
});

describe('the session carries the card’s validity to the decision', () => {
  const plan = planFor(policy('refuse'), 'entry');
  const card: IdentityDocument = { validTo: '2026-11-21' };
  const identity = (at: number, document?: IdentityDocument): SessionInput => ({ type: 'identity', at, credential: person, ...(document === undefined ? {} : { document }) });
  const rest: SessionInput[] = [
    { type: 'reading', at: NOW + 2, reading: reading(36.5, NOW + 2) },
    { type: 'mask', at: NOW + 3, mask: { kind: 'self-declared', at: NOW + 3 } },
  ];

  it('puts the identity input’s document into the evidence the decision is made on', () => {
    const r = runSession(plan, [identity(NOW, card), ...rest]);
    expect(r.decisions).toHaveLength(1);
    expect(r.decisions[0]?.evidence.document).toEqual(card);
    expect(r.decisions[0]?.decision.rules[0]).toMatchObject({ kind: 'identity', outcome: 'FAILED', values: { document: { validTo: '2026-11-21', expired: true } } });
  });

  it('takes the card of the same person presented after another identity of theirs, and nothing else the second time', () => {
    const r = runSession(plan, [identity(NOW), identity(NOW + 1, card), ...rest]);
    expect(r.decisions[0]?.evidence.document).toEqual(card);
    const again = runSession(plan, [identity(NOW, card), identity(NOW + 1, { validTo: 'long-term' }), ...rest]);
    expect(again.decisions[0]?.evidence.document).toEqual(card);
    expect(again.effects).toContainEqual({ type: 'ignored', input: 'identity', why: 'same person scanned again' });
  });
});

describe('the kiosk’s sentence for an expired card', () => {
  const policyView = policyOf(gateView.parse(view(1, idle)));
  const sentence = (p: ReturnType<typeof policy>, evidence: Evidence, trusted: boolean) => {
    const rule = identityRule(p, evidence, trusted);
    if (rule === undefined) throw new Error('no identity rule');
    return describeReason(ruleResultView.parse(rule), { policy: policyView, direction: 'entry' });
  };

  it('says the card expired and until when, not that an ID card is not accepted', () => {
    expect(sentence(policy('refuse'), withCard('2026-11-21'), true)).toEqual({ zh: '身份证已过期（有效期至2026-11-21）', en: 'Your ID card expired (valid to 2026-11-21)' });
  });

  it('says the clock kept the expiry from being checked', () => {
    expect(sentence(policy('refuse'), withCard('2030-01-01'), false).en).toBe("The gate's clock is not verified, so the ID card’s expiry could not be checked");
  });
});
