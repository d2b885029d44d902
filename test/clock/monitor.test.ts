/** ClockMonitor with fake wall and monotonic clocks: jumps back, jumps forward, a dead RTC, and markSynced. */
import { describe, expect, it } from 'vitest';
import { START, clocks } from './fake-clocks.js';
import { type ClockStatus, ClockMonitor } from '../../main/clock/monitor.js';
import { RELEASE_DATE_MS } from '../../main/clock/release.js';
import { ok } from '../../src/result.js';


function monitor(c: ReturnType<typeof clocks>) {
  const events: { at: string; kind: string; detail: Record<string, unknown> }[] = [];
  const changes: ClockStatus[] = [];
  const m = new ClockMonitor({
    source: 'system-ntp',
    toleranceMs: 2000,
    wallNow: c.wallNow,
    monoNow: c.monoNow,
    events: {
      recordEvent: (e) => {
        events.push(e);
        return ok(undefined);
      },
    },
  });
  m.onChange((s) => changes.push(s));
  return { m, events, changes };
}

describe('ClockMonitor', () => {
  it('a sane clock at start is trusted, with lastGoodSync = start; slow drift keeps it so', () => {
    const c = clocks();
    const { m, events } = monitor(c);
    expect(m.reading()).toEqual({ now: START, trusted: true, source: 'system-ntp', lastGoodSync: START });
    for (let i = 0; i < 100; i++) {
      c.tick(1000);
      c.jump(15); // NTP slewing: milliseconds per second
      m.check();
    }
    expect(m.status()).toEqual({ trusted: true, source: 'system-ntp', lastGoodSync: START, reason: null });
    expect(events).toEqual([]);
  });

  it('a step back of more than 2 s makes it untrusted until markSynced, journaled both ways', () => {
    const c = clocks();
    const { m, events, changes } = monitor(c);
    c.tick(1000);
    c.jump(-2000); // exactly 2 s: tolerated
    m.check();
    expect(m.status().trusted).toBe(true);
    c.tick(1000);
    c.jump(-2001);
    m.check();
    expect(m.status()).toMatchObject({ trusted: false, reason: 'jump-backwards', lastGoodSync: START });
    expect(events).toEqual([{ at: new Date(c.wallNow()).toISOString(), kind: 'clock.untrusted', detail: { reason: 'jump-backwards', source: 'system-ntp', wallAt: new Date(c.wallNow()).toISOString(), stepMs: -2001, previously: 'trusted' } }]);
    // Steady again, but still untrusted: only a sync restores trust.
    for (let i = 0; i < 5; i++) {
      c.tick(1000);
      m.check();
    }
    expect(m.reading().trusted).toBe(false);
    expect(m.markSynced({ source: 'ntp:chrony', offsetMs: 3 })).toBe('trusted');
    expect(m.status()).toEqual({ trusted: true, source: 'system-ntp', lastGoodSync: c.wallNow(), reason: null });
    expect(events.map((e) => e.kind)).toEqual(['clock.untrusted', 'clock.trusted']);
    expect(changes.map((s) => [s.trusted, s.reason])).toEqual([
      [false, 'jump-backwards'],
      [true, null],
    ]);
  });

  it('a step forward of more than 120 s (suspend, manual set) is jump-forwards', () => {
    const c = clocks();
    const { m, events } = monitor(c);
    c.tick(1000);
    c.jump(120_000);
    m.check();
    expect(m.status().trusted).toBe(true);
    c.tick(1000);
    c.jump(3_600_000);
    expect(m.reading()).toMatchObject({ trusted: false, now: c.wallNow() });
    expect(m.status().reason).toBe('jump-forwards');
    expect(events[0]?.detail).toMatchObject({ reason: 'jump-forwards', stepMs: 3_600_000 });
  });

  it('reading() checks first: a decision right after a jump already sees it', () => {
    const c = clocks();
    const { m } = monitor(c);
    c.jump(-30 * 86_400_000);
    expect(m.reading().trusted).toBe(false);
  });

  it('a dead RTC (1970) is before-release from the start: no lastGoodSync, and a sync to 1970 is refused', () => {
    const c = clocks(0);
    const { m, events } = monitor(c);
    expect(m.reading()).toEqual({ now: 0, trusted: false, source: 'system-ntp', lastGoodSync: null });
    expect(m.status().reason).toBe('before-release');
    expect(events).toEqual([{ at: '1970-01-01T00:00:00.000Z', kind: 'clock.untrusted', detail: { reason: 'before-release', source: 'system-ntp', wallAt: '1970-01-01T00:00:00.000Z', stepMs: 0, previously: 'trusted' } }]);
    c.tick(1000);
    m.check();
    expect(events).toHaveLength(1); // not journaled again every second
    expect(m.markSynced({ source: 'ntp:chrony', offsetMs: 3 })).toBe('before-release');
    expect(m.status()).toMatchObject({ trusted: false, lastGoodSync: null });
    // NTP sets the clock: that is a forward jump, still untrusted until the sync is confirmed.
    c.setWall(START);
    m.check();
    expect(m.status()).toMatchObject({ trusted: false, reason: 'jump-forwards' });
    expect(m.markSynced({ source: 'ntp:chrony', offsetMs: 3 })).toBe('trusted');
    expect(m.reading()).toEqual({ now: START, trusted: true, source: 'system-ntp', lastGoodSync: START });
    expect(events.map((e) => e.kind)).toEqual(['clock.untrusted', 'clock.untrusted', 'clock.trusted']);
  });

  it('a wall clock set back to before the release date is untrusted even in a small step', () => {
    const c = clocks(RELEASE_DATE_MS + 500);
    const { m } = monitor(c);
    expect(m.status().trusted).toBe(true);
    c.tick(1000);
    c.jump(-1600);
    m.check();
    expect(m.status()).toMatchObject({ trusted: false, reason: 'before-release' });
  });

  it('start() checks every second on its own timer; stop() ends it', async () => {
    const c = clocks();
    const { m } = monitor(c);
    m.start();
    c.jump(-10_000);
    await new Promise((r) => setTimeout(r, 1_300));
    expect(m.status().trusted).toBe(false);
    m.stop();
  });

  it('a journal that cannot take the event is reported, and the monitor carries on', () => {
    const c = clocks();
    const failures: string[] = [];
    const m = new ClockMonitor({
      source: 'rtc',
      toleranceMs: 2000,
      wallNow: c.wallNow,
      monoNow: c.monoNow,
      events: { recordEvent: () => ({ ok: false, error: { code: 'journal.full', message: 'disk full' } }) },
      onSinkError: (f) => failures.push(f.code),
    });
    c.jump(-5000);
    expect(m.reading()).toMatchObject({ trusted: false, source: 'rtc' });
    expect(failures).toEqual(['journal.full']);
  });
});
