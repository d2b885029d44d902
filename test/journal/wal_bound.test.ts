/**
 * The WAL checkpoint policy (main/journal/db.ts) bounds the journal's WAL: a burst from another writer
 * (a register import of 60,000 residents, as `gate import` does while the gate runs) grows the WAL far past
 * the limit, and the gate's own next commits checkpoint it and start it over at no more than the limit.
 */
import { statSync } from 'node:fs';
import { expect, it } from 'vitest';
import { WAL_SIZE_LIMIT_BYTES } from '../../main/journal/db.js';
import { useJournal } from './helpers.js';

const t = useJournal({ side: true });
const walBytes = (): number => statSync(`${t.file}-wal`).size;

it('a burst that grew the WAL past its limit is cut back to the limit by the gate’s next commits', () => {
  const insert = t.side.prepare('INSERT INTO residents (ref, household) VALUES (?, ?)');
  t.side.transaction(() => {
    for (let i = 0; i < 60_000; i++) insert.run(i.toString(16).padStart(64, '0'), `h${i % 500}`);
  })();
  const burst = walBytes();
  expect(burst).toBeGreaterThan(2 * WAL_SIZE_LIMIT_BYTES);

  // The first commit checkpoints the burst (it leaves the WAL over the auto-checkpoint size); the next starts it over.
  for (let i = 0; i < 3; i++) {
    const r = t.journal.recordEvent({ at: new Date().toISOString(), kind: 'test.tick', detail: { i } });
    expect(r.ok).toBe(true);
  }
  expect(walBytes()).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES);
  expect(t.side.prepare('SELECT count(*) AS n FROM residents').get()).toEqual({ n: 60_000 });
});
