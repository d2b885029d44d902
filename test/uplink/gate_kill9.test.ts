/**
 * The whole gate process (`gate start --headless`, its forwarder inside) killed with -9 fifty times, each
 * time while a batch is at the platform and its answer not yet back: the records still reach the reference
 * receiver exactly once — its count is every upstream seq the journal ever issued, 1..N without a gap, each
 * stored once, though many arrived twice.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fillBacklog } from '../../bench/uplink/backlog.js';
import { seededRandom } from '../../drivers/seeded-random.js';
import { Journal } from '../../main/journal/journal.js';
import { type ChildGate, spawnGate, writeGateConfig } from '../harness/child-gate.js';
import { waitFor } from '../harness/gate.js';
import { demoPolicyJson } from '../fixtures/policy.js';
import { UPLINK_ON } from '../journal/helpers.js';
import { HttpReceiver } from './http-receiver.js';
import { ReceivedRecords } from './received-records.js';
import { tempFolder } from './support.js';

const KILLS = 50;
const GATE_ID = 'gate-k9';
const sim = { device: { kind: 'simulated' } };

let tmp: ReturnType<typeof tempFolder>;
let records: ReceivedRecords;
let receiver: HttpReceiver;
let gate: ChildGate | undefined;

beforeAll(async () => {
  tmp = tempFolder('uplink-kill9-');
  records = new ReceivedRecords(join(tmp.dir, 'received.sqlite'));
  receiver = await HttpReceiver.start({ records, random: seededRandom(9) });
  // Every answer waits: a kill right after a batch arrives lands while its answer is still on the way.
  receiver.faults.slowMs = 80;
});
afterAll(async () => {
  await gate?.kill9();
  await receiver.close();
  records.close();
  tmp.remove();
});

it(`kill -9 of the gate ${KILLS} times mid-batch: every record arrives exactly once`, async () => {
  const config = writeGateConfig(tmp.dir, demoPolicyJson(), {
    lanes: [{ id: 'l1', direction: 'entry', thermometer: sim, scanner: sim, relay: sim }],
    uplink: { gateId: GATE_ID, transport: { kind: 'https', url: receiver.url }, batch: { records: 40 }, retry: { firstDelayMs: 100, maxDelayMs: 1000 } },
  });
  // A backlog from before the first start (what an offline week leaves), queued as the gate queues it.
  const file = join(tmp.dir, 'data', 'journal.sqlite');
  const journal = Journal.open(file);
  if (!journal.ok) throw new Error(journal.error.message);
  expect(journal.value.configureUplink(UPLINK_ON).ok).toBe(true);
  journal.value.close();
  fillBacklog(file, 3000, 'k9');

  let killedMidBatch = 0;
  for (let k = 0; k < KILLS; k++) {
    const before = receiver.counts.batches;
    const g = spawnGate(config);
    gate = g;
    await waitFor(`batch ${before + 1} at the platform (start ${k + 1})`, () => receiver.counts.batches > before || g.child.exitCode !== null, 30_000);
    expect(g.child.exitCode).toBeNull();
    await g.kill9();
    if (receiver.counts.batches > before) killedMidBatch++;
  }
  expect(killedMidBatch).toBe(KILLS);

  // The last start drains what is left.
  gate = spawnGate(config);
  const side = new Database(file, { readonly: true });
  const pending = (): number => Number(side.prepare("SELECT count(*) FROM uplink_queue WHERE state = 'pending'").pluck().get());
  try {
    await waitFor('the backlog to drain', () => pending() === 0, 60_000);
    expect(await gate.stop()).toBe(0); // a clean stop, forwarder and all
    const issued = Number(side.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'uplink_queue'").pluck().get());
    const epoch = String(side.prepare("SELECT value FROM settings WHERE key = 'uplink_epoch'").pluck().get());
    expect(side.prepare('SELECT dropped, set_aside FROM uplink_backlog').get()).toEqual({ dropped: 0, set_aside: 0 });
    expect(issued).toBeGreaterThanOrEqual(3000);
    expect(records.count()).toBe(issued);
    expect(records.seqs(GATE_ID, epoch)).toEqual(Array.from({ length: issued }, (_, i) => i + 1));
    // The kills really cost answers: batches the platform had stored went again, and were stored once.
    expect(records.duplicateCount).toBeGreaterThan(0);
    expect(records.invalid).toEqual([]);
  } finally {
    side.close();
  }
}, 400_000);
