/**
 * Where faults meet the lane, on a fake clock pair: a journal that refuses a record keeps the relay shut,
 * and an online health-code answer that comes after its session never lands in the next person's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthCodeEvidence } from '../../src/domain.js';
import { checksPolicyJson, withHealthCodeRule } from '../fixtures/policy.js';
import { fakeLane, measure, type FakeLane } from './fake-lane.js';

const ALICE = '11010519491231002X';
const BOB = '440524188001010014';

let f: FakeLane | undefined;
afterEach(() => {
  f?.close();
  f = undefined;
});

describe('the decision-and-record step', () => {
  it('keeps the relay shut and shows a fault when the journal refuses the record', async () => {
    const lane = (f = fakeLane({ policy: checksPolicyJson(), journalFails: true }));
    await lane.scan(ALICE);
    await measure(lane, 36.5);
    expect(lane.lane.declareMask().ok).toBe(true);
    await lane.advance(500);
    expect(lane.pulses).toEqual([]);
    expect(lane.lane.view().screen).toEqual({ kind: 'fault', code: 'journal.full' });
  });
});

describe('a full upstream backlog under refuse-admit', () => {
  it('refers every admit to the guard (note uplink-backlog-full), and nothing pulses', async () => {
    const lane = (f = fakeLane({ policy: checksPolicyJson(), backlogFull: true }));
    await lane.scan(ALICE);
    await measure(lane, 36.5);
    expect(lane.lane.declareMask().ok).toBe(true);
    await lane.advance(500);
    expect(lane.decisions.map((d) => [d.decision.verdict, d.decision.notes])).toEqual([['refer', ['uplink-backlog-full']]]);
    expect(lane.pulses).toEqual([]);
    expect(lane.lane.view().screen).toMatchObject({ kind: 'verdict', verdict: 'refer', notes: ['uplink-backlog-full'] });
  });
});

describe('a device going offline mid-session', () => {
  it('never admits: with the relay gone, an admit becomes a referral to the guard (note relay-offline) and nothing pulses', async () => {
    const lane = (f = fakeLane({ policy: checksPolicyJson() }));
    await lane.scan(ALICE);
    await measure(lane, 36.5);
    lane.setRelayLinked(false);
    expect(lane.lane.declareMask().ok).toBe(true);
    await lane.advance(500);
    expect(lane.decisions.map((d) => [d.decision.verdict, d.decision.notes])).toEqual([['refer', ['relay-offline']]]);
    expect(lane.pulses).toEqual([]);
    expect(lane.lane.view().screen).toMatchObject({ kind: 'verdict', verdict: 'refer', notes: ['relay-offline'] });
    // Back: the next person passes as usual.
    lane.setRelayLinked(true);
    await lane.advance(3000);
    await lane.scan(BOB);
    lane.frame(24.5);
    await measure(lane, 36.4);
    expect(lane.lane.declareMask().ok).toBe(true);
    await lane.advance(500);
    expect(lane.decisions.at(-1)?.decision.verdict).toBe('admit');
    expect(lane.pulses).toEqual([1]);
  });
});

describe('the online health-code check', () => {
  const policy = (): Record<string, unknown> => withHealthCodeRule({ via: ['online'] });

  it('drops an answer that arrives after its session ended: it never lands in the next person’s', async () => {
    const answers: { subject: string; answer: (e: HealthCodeEvidence) => void }[] = [];
    const online = {
      check: (subject: string) => new Promise<HealthCodeEvidence>((answer) => answers.push({ subject, answer })),
    };
    const lane = (f = fakeLane({ policy: policy(), online }));
    await lane.scan(ALICE);
    await lane.scan(BOB); // Alice's session is superseded while the service is still thinking
    expect(answers).toHaveLength(2);
    const green = (subject: string): HealthCodeEvidence => ({ status: 'verified', via: 'online', colour: 'green', subject, issuer: 'svc', issuedAt: Date.now() });
    answers[0]?.answer(green(answers[0].subject)); // Alice's answer, late
    await lane.advance(0);
    expect(lane.lane.view().screen).toMatchObject({ kind: 'collecting', healthCode: 'waiting' });
    await measure(lane, 36.5);
    expect(lane.lane.declareMask().ok).toBe(true);
    await lane.advance(15_000); // Bob's own answer never comes: his session times out
    const bob = lane.decisions.at(-1);
    expect(lane.decisions.map((d) => d.ending)).toEqual(['superseded', 'step-timeout']);
    expect(bob?.decision.rules.find((r) => r.id === 'health-code')).toMatchObject({ outcome: 'MISSING_EVIDENCE' });
    expect(bob?.decision.verdict).not.toBe('admit');
    expect(lane.pulses).toEqual([]);
  });
});
