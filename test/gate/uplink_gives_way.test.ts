/**
 * The whole gate gives way to the person at the lane (main/gate.ts wires the lanes' sessions into the
 * forwarder, docs/uplink.md §3.3): a backlog that appears while someone is being checked stays on the gate
 * until their session ends, then goes up, every record once. A real headless gate (simulated devices on ptys,
 * a real journal) and the reference receiver over HTTP.
 */
import { expect, it } from 'vitest';
import { fillBacklog } from '../../bench/uplink/backlog.js';
import { startTestGate, waitFor } from '../harness/gate.js';
import { useGateAndReceiver } from './gate-and-receiver.js';

const NOBODY = { objectC: 25, ambientC: 24.5 };
const FILLED = 300;

const under = useGateAndReceiver();

it('sends nothing while a session is under way, and everything once it has ended', async () => {
  const { receiver, records: received } = await under.start('gives-way-');
  const g = (under.gate = await startTestGate({
    // The session ends by its step timeout: two seconds with a person at the lane and the backlog waiting.
    session: { stepTimeoutMs: 2000, verdictDisplayMs: 1000 },
    config: { uplink: { gateId: 'gate-gives-way', transport: { kind: 'https', url: receiver.url }, heartbeatEveryMs: 1000, retry: { firstDelayMs: 100, maxDelayMs: 1000 } } },
  }));
  g.sims.thermometer.setScene(NOBODY);
  await g.app.gate.whenInService();
  await waitFor('what the start journaled to go up', () => g.app.gate.view().uplink?.backlog.records === 0 && received.count() > 0);
  const before = received.count();

  await g.sims.scanner.scan('11010519491231002X');
  await waitFor('the session to open', () => g.lane.inSession());
  fillBacklog(g.journalFile, FILLED, 'waiting');
  let sentDuringSession = 0;
  await waitFor(
    'the session to end',
    () => {
      const n = received.count() - before;
      if (!g.lane.inSession()) return true;
      sentDuringSession = Math.max(sentDuringSession, n);
      return false;
    },
    15_000,
  );
  expect(sentDuringSession).toBe(0);
  expect(g.app.gate.view().uplink?.backlog.records).toBeGreaterThanOrEqual(FILLED);

  await waitFor('the backlog to go up', () => g.app.gate.view().uplink?.backlog.records === 0, 15_000);
  expect(received.count("id LIKE 'waiting-%'")).toBe(FILLED);
  expect(received.invalid).toEqual([]);
}, 40_000);
