/**
 * kill -9 mid-write, 100 times, on one growing journal: every decision the writer acknowledged must
 * be there afterwards, the file must pass integrity_check and the chain must verify. (A kill -9 cannot
 * show the synchronous=FULL difference, only a power cut can: docs/reliability.md §2.3.) Committed rows
 * whose ACK line never got out are "in doubt": allowed, and why the upstream de-duplicates.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { verifyChain } from '../../main/journal/chain.js';
import { openJournalDb } from '../../main/journal/db.js';
import { type Writer, sleep, startWriter, tempDir } from './helpers.js';

const ITERATIONS = 100;
/**
 * Every tenth run starts cold and its kill clock starts at spawn, so some kills land in start-up, open
 * or before the first commit; the others are killed 30–250 ms after their first ACK.
 */
const COLD_EVERY = 10;
const delayMs = (): number => 30 + Math.floor(Math.random() * 221);

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => (tmp = tempDir()));
afterAll(() => tmp.remove());

it('keeps every acknowledged decision through 100 kill -9s', { timeout: 120_000 }, async () => {
  const file = join(tmp.dir, 'journal.sqlite');
  const acked = new Set<string>();
  let killedBeforeAck = 0;
  const spawned: Writer[] = [];
  const spawn = (held: boolean): Writer => {
    const w = startWriter(file, { held });
    spawned.push(w);
    return w;
  };
  onTestFinished(async () => void (await Promise.all(spawned.map((w) => w.kill())))); // should a check fail mid-way
  const cold = (i: number): boolean => i % COLD_EVERY === COLD_EVERY - 1;

  let writer = spawn(false);
  for (let i = 0; i < ITERATIONS; i++) {
    // A warm writer loads its modules (~250 ms) during this run and the checks, and waits for go() to
    // touch the journal: start-up is not test time, and no two writers ever share the file.
    const last = i + 1 === ITERATIONS;
    const ahead = !last && !cold(i + 1) ? spawn(true) : undefined;
    if (!cold(i)) await writer.acks(1);
    await sleep(delayMs() - (cold(i) ? performance.now() - writer.startedAt : 0));
    const run = await writer.kill();
    expect(run.signal, `run ${i} ended by itself: ${run.stderr}`).toBe('SIGKILL');
    if (run.acked.length === 0) killedBeforeAck++;
    for (const id of run.acked) acked.add(id);

    const db = openJournalDb(file);
    if (!db.ok) throw new Error(`run ${i}: ${db.error.code}: ${db.error.message}`);
    expect(db.value.pragma('integrity_check', { simple: true }), `run ${i}`).toBe('ok');
    expect(verifyChain(db.value).ok, `run ${i}`).toBe(true);
    const has = db.value.prepare('SELECT 1 FROM decisions WHERE id = ?').pluck();
    expect(run.acked.filter((id) => has.get(id) === undefined), `run ${i}: acknowledged but missing`).toEqual([]);
    db.value.close();

    if (last) break;
    writer = ahead ?? spawn(false);
    ahead?.go();
  }

  const db = openJournalDb(file, { readonly: true });
  if (!db.ok) throw new Error(db.error.code);
  const ids = db.value.prepare('SELECT id FROM decisions').pluck().all().map(String);
  db.value.close();
  const present = ids.filter((id) => acked.has(id)).length;
  const totals = { runs: ITERATIONS, killedBeforeAck, acked: acked.size, present, inDoubt: ids.length - present, committed: ids.length };
  console.log(`journal kill -9: ${JSON.stringify(totals)}`);
  expect(present).toBe(acked.size);
  expect(killedBeforeAck).toBeLessThan(ITERATIONS / 2);
});
