/**
 * A bundle swap during a session applies to the next session only: the session decides by the policy and
 * the registers it started with. A real lane (fake devices and clock), a real journal with the BundleStore.
 */
import { afterEach, expect, it } from 'vitest';
import { importRegister } from '../../main/registers/import.js';
import { keyFingerprint } from '../../main/registers/district-key-file.js';
import { SAMPLE_CARD } from '../fixtures/id-card.js';
import { checksPolicyJson } from '../fixtures/policy.js';
import { AMBIENT_C, fakeLane, measure, type FakeLane } from '../lane/fake-lane.js';
import { bundle, fixture, signer, type Fixture } from './helpers.js';

const platform = signer('platform-1', ['policy', 'residents']);
/** The fake lane's key behind refs. */
const LANE_KEY = new Uint8Array(32).fill(3);
const policyV = (version: string): Record<string, unknown> => ({ ...checksPolicyJson(), version });

let f: Fixture | undefined;
let lane: FakeLane | undefined;
afterEach(() => {
  lane?.close();
  f?.close();
});

async function session(l: FakeLane): Promise<void> {
  await l.read('desk', { kind: 'id-card', card: SAMPLE_CARD });
}

async function finish(l: FakeLane): Promise<void> {
  await measure(l, 36.5);
  l.lane.declareMask();
  await l.advance(500);
}

it('a policy and a residents bundle applied mid-session decide the next session, not this one', async () => {
  const b = (f = fixture({ keys: [platform], policy: policyV('file-1') }));
  expect(importRegister(b.db, 'district-key', { key: Buffer.from(LANE_KEY).toString('hex') }, { nowMs: Date.now(), source: 'key.json' }).ok).toBe(true);
  const under = { hashedUnder: keyFingerprint(LANE_KEY) };
  expect((await b.store.offer(bundle(platform, 'residents', 1, [], under), 'uplink:https')).ok).toBe(true);
  const l = (lane = fakeLane({ policy: policyV('unused'), policies: b.policies, registers: b.registers }));

  await session(l);
  expect((await b.store.offer(bundle(platform, 'residents', 2, [{ idNumber: SAMPLE_CARD.idNumber, household: 'A-1' }], under), 'uplink:https')).ok).toBe(true);
  expect((await b.store.offer(bundle(platform, 'policy', 1, policyV('bundle-1')), 'uplink:https')).ok).toBe(true);
  expect(b.registers.counts().residents, 'the registers reloaded at once').toBe(1);
  await finish(l);
  expect(l.decisions).toHaveLength(1);
  expect(l.decisions[0]).toMatchObject({ household: null, decision: { policy: { version: 'file-1' } } });

  // The first person walks away; the next steps up.
  for (let i = 0; i < 5; i++) {
    l.frame(AMBIENT_C);
    await l.advance(1000);
  }
  await session(l);
  await finish(l);
  expect(l.decisions).toHaveLength(2);
  expect(l.decisions[1]).toMatchObject({ household: 'A-1', decision: { policy: { version: 'bundle-1' } } });
});
