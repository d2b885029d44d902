/**
 * The soak (bench/soak.ts, `npm run bench -- soak` runs 100,000) at 1,000 visitors (about 10 s alone on 2 cores): the real gate core and
 * journal, the headless host, the kiosk page in Chromium. After the warm-up no file descriptor is left open
 * per visitor, and the checkpoint policy keeps the WAL within its limit (plus one transaction) while
 * the 700 visitors after it fill and restart it.
 */
import { expect, it } from 'vitest';
import { soak } from '../../bench/soak.js';
import { WAL_SIZE_LIMIT_BYTES } from '../../main/journal/db.js';

const VISITORS = 1_000;
/** One decision transaction's frames, beyond the limit the WAL is cut back to. */
const ONE_TRANSACTION_MB = 0.25;

it('1,000 visitors through the gate and the page: no descriptor leaks, the WAL stays bounded', { timeout: 120_000 }, async () => {
  const r = await soak({ visitors: VISITORS, warmup: 300 });
  expect(r.decisions).toBe(VISITORS - VISITORS / 20); // every visitor but the misreads was decided
  expect(r.fdGrowth).toBe(0);
  expect(r.walMaxMB).toBeGreaterThan(0);
  expect(r.walMaxMB).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES / (1024 * 1024) + ONE_TRANSACTION_MB);
});
