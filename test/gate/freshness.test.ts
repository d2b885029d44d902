/**
 * Freshness through the whole gate (startGate in the headless host, simulated devices on ptys, a real journal,
 * an HTTPS-less reference receiver validating heartbeats against resources/uplink/heartbeat.schema.json): a
 * stale kind shows in the view and the heartbeat and its rules refer the next person; a fresh bundle clears it.
 */
import { expect, it } from 'vitest';
import { OFFSET_C, startTestGate, waitFor, type TestGate } from '../harness/gate.js';
import { readDecisions, readEvents } from '../harness/journal.js';
import { checksPolicyJson, withTestNotice } from '../fixtures/policy.js';
import { MemoryBundleStates } from '../bundles/memory-states.js';
import { useGateAndReceiver } from './gate-and-receiver.js';

const HOUR = 3_600_000;
const NOBODY = { objectC: 25, ambientC: 24.5 };

const under = useGateAndReceiver();

/** One person through the lane: scanned, measured normal, mask declared; returns their decision's row. */
async function passOne(g: TestGate, n: number) {
  await g.sims.scanner.scan('11010519491231002X');
  await waitFor('the session to open', () => g.lane.view().screen.kind === 'collecting');
  g.sims.thermometer.setScene({ objectC: 36.6 - OFFSET_C, ambientC: 24.5 });
  await waitFor('the mask to be asked for', () => g.lane.declareMask().ok);
  const row = await waitFor(`decision ${n}`, () => readDecisions(g.journalFile)[n - 1]);
  g.sims.thermometer.setScene(NOBODY);
  await waitFor('the verdict to clear', () => g.lane.view().screen.kind === 'idle', 8000);
  return row;
}

it('a stale kind shows in the view and the heartbeat and refers the rules that read it; a fresh bundle clears it', async () => {
  const { receiver } = await under.start('fresh-gate-');
  const bundles = new MemoryBundleStates();
  bundles.put('issuer-keys', { version: 4, issuedAt: Date.now() - 13 * HOUR, appliedAt: Date.now() - 12 * HOUR });
  const g = (under.gate = await startTestGate({
    policyJson: { ...withTestNotice(checksPolicyJson()), freshness: [{ kind: 'issuer-keys', maxAgeHours: 12, onStale: 'refer' }] },
    session: { verdictDisplayMs: 1000 },
    config: { uplink: { gateId: 'gate-fresh', transport: { kind: 'https', url: receiver.url }, heartbeatEveryMs: 1000, retry: { firstDelayMs: 100, maxDelayMs: 1000 } } },
    gateDeps: { bundleStates: bundles },
  }));
  g.sims.thermometer.setScene(NOBODY);
  await g.app.gate.whenInService();

  expect(g.app.gate.view().bundles).toMatchObject([{ kind: 'issuer-keys', version: 4, maxAgeMs: 12 * HOUR, stale: true, onStale: 'refer' }]);
  const hb = await waitFor('a heartbeat with the stale kind', () => {
    const h = receiver.lastHeartbeat as { bundles?: { kind: string; stale: boolean; ageS: number | null; version: number | null }[] } | undefined;
    return h?.bundles?.some((b) => b.stale) === true ? h : undefined;
  });
  expect(hb.bundles).toEqual([{ kind: 'issuer-keys', version: 4, ageS: expect.any(Number) as number, stale: true }]);
  expect(hb.bundles?.[0]?.ageS).toBeGreaterThanOrEqual(13 * 3600);

  // The identity rule reads the issuer keys: it goes to the guard; temperature and mask are decided as usual.
  const referred = await passOne(g, 1);
  expect(referred.verdict).toBe('refer');
  expect(referred.body.rules.map((r) => [r.id, r.outcome])).toEqual([
    ['identity', 'MISSING_EVIDENCE'],
    ['temperature', 'PASSED'],
    ['mask', 'PASSED'],
  ]);
  expect(referred.body.rules[0]?.values).toMatchObject({ stale: ['issuer-keys'] });

  // A fresh bundle arrives: cleared at once, journaled, and the next person is admitted.
  bundles.put('issuer-keys', { version: 5, issuedAt: Date.now() - HOUR, appliedAt: Date.now() });
  expect(g.app.gate.view().bundles).toMatchObject([{ kind: 'issuer-keys', version: 5, stale: false }]);
  expect(readEvents(g.journalFile, ['bundle.stale', 'bundle.fresh']).map((e) => [e.kind, e.detail['kind']])).toEqual([
    ['bundle.stale', 'issuer-keys'],
    ['bundle.fresh', 'issuer-keys'],
  ]);
  const admitted = await passOne(g, 2);
  expect(admitted.verdict).toBe('admit');
  await waitFor('a heartbeat with the fresh kind', () => {
    const h = receiver.lastHeartbeat as { bundles?: { version: number | null; stale: boolean }[] } | undefined;
    return h?.bundles?.[0]?.version === 5 && !h.bundles[0].stale;
  });
  expect(receiver.counts.heartbeats).toBeGreaterThan(0);
}, 60_000);
