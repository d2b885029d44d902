/** A verdict leaves the screen on the page's own clock, whatever the core sends or fails to send. */
import { describe, expect, it } from 'vitest';
import { VerdictExpiry } from '../../renderer/state/verdict-expiry.js';
import { gateView, type GateView } from '../../src/ipc/view.js';
import { fullEvidence } from '../fixtures/policy.js';
import { collecting, verdict, view, type ScreenInput } from './views.js';

const DISPLAY_MS = 3000;
const shownAt = (revision: number, screen: ScreenInput, exitScreen?: ScreenInput): GateView =>
  gateView.parse(view(revision, screen, { verdictDisplayMs: DISPLAY_MS, ...(exitScreen === undefined ? {} : { exitScreen }) }));
const screens = (v: GateView): string[] => v.lanes.map((l) => l.screen.kind);

describe('verdicts expire on the page clock', () => {
  const first = verdict(fullEvidence(), { seq: 1, id: 'decision-1' });
  const second = verdict(fullEvidence(), { seq: 2, id: 'decision-2' });

  it('shows a verdict for its display time from when the page first showed it, then idle, with no new view', () => {
    const expiry = new VerdictExpiry();
    const v = shownAt(1, first);
    expect(expiry.apply(v, 10_000)).toEqual({ view: v, nextExpiry: 10_000 + DISPLAY_MS });
    expect(screens(expiry.apply(v, 10_000 + DISPLAY_MS - 1).view)[0]).toBe('verdict');
    const after = expiry.apply(v, 10_000 + DISPLAY_MS);
    expect(after.view.lanes[0]?.screen).toEqual({ kind: 'idle' });
    expect(after.nextExpiry).toBeUndefined();
    expect(JSON.stringify(after.view)).not.toContain('decision-1');
  });

  it('does not restart the time when the same verdict comes again (a re-fetch after a reconnect)', () => {
    const expiry = new VerdictExpiry();
    expiry.apply(shownAt(1, first), 0);
    expect(expiry.apply(shownAt(2, first), 2000).nextExpiry).toBe(DISPLAY_MS);
    expect(screens(expiry.apply(shownAt(3, first), DISPLAY_MS).view)[0]).toBe('idle');
  });

  it('gives the next person their own display time, and leaves other screens alone', () => {
    const expiry = new VerdictExpiry();
    expiry.apply(shownAt(1, first), 0);
    expect(expiry.apply(shownAt(2, second), 2500).nextExpiry).toBe(2500 + DISPLAY_MS);
    const busy = shownAt(3, collecting());
    expect(expiry.apply(busy, 100_000)).toEqual({ view: busy, nextExpiry: undefined });
  });

  it('times each lane on its own', () => {
    const expiry = new VerdictExpiry();
    expiry.apply(shownAt(1, first), 0);
    const both = shownAt(2, first, second);
    expect(expiry.apply(both, 1000).nextExpiry).toBe(DISPLAY_MS);
    const later = expiry.apply(both, DISPLAY_MS);
    expect(screens(later.view)).toEqual(['idle', 'verdict']);
    expect(later.nextExpiry).toBe(1000 + DISPLAY_MS);
  });
});
