/** main/log/summary.ts: a flood of one kind costs `burst` full records plus one count per window, per key. */
import { describe, expect, it } from 'vitest';
import { Summary, type Suppressed } from '../../main/log/summary.js';
import { waitFor } from '../harness/gate.js';

function summary(windowMs: number) {
  const reports: Suppressed<string>[] = [];
  return { s: new Summary<string>({ burst: 3, windowMs, report: (r) => reports.push(r) }), reports };
}

describe('summary of repeated occurrences', () => {
  it('lets the first `burst` of each key through, counts the rest, and reports each key once when the window closes', async () => {
    const { s, reports } = summary(50);
    const passed = Array.from({ length: 1000 }, (_, i) => s.admit(i % 2 === 0 ? 'a' : 'b', i % 2 === 0 ? 'first a' : 'first b'));
    expect(passed.filter(Boolean)).toHaveLength(6);
    expect(passed.slice(0, 6)).toEqual([true, true, true, true, true, true]);
    expect(reports).toEqual([]);
    await waitFor('the window to close', () => reports.length === 2);
    expect(reports).toEqual([
      { key: 'a', detail: 'first a', count: 497, windowMs: 50 },
      { key: 'b', detail: 'first b', count: 497, windowMs: 50 },
    ]);
    // A new window lets a burst through again.
    expect(s.admit('a', 'again')).toBe(true);
    s.flush();
    expect(reports).toHaveLength(2);
  });

  it('reports what it counted at flush, and nothing for keys that stayed within the burst', () => {
    const { s, reports } = summary(60_000);
    for (let i = 0; i < 3; i++) s.admit('quiet', 'q');
    for (let i = 0; i < 10; i++) s.admit('loud', 'l');
    s.flush();
    expect(reports).toEqual([{ key: 'loud', detail: 'l', count: 7, windowMs: 60_000 }]);
  });
});
