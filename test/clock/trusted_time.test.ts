/**
 * Trusted time on a real SQLite journal (mkdtemp), with injected wall and monotonic clocks: after a jump,
 * a sync from each trusted source (the NTP daemon's status through a probe double, the platform's signed
 * time) restores trust, journaled; signed times that must not count do not; the state survives a restart
 * honestly (two ClockMonitor lifetimes on one journal).
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { START, clocks } from './fake-clocks.js';
import { trustedKeys } from '../../main/bundles/jws.js';
import { ClockMonitor } from '../../main/clock/monitor.js';
import { NtpSync } from '../../main/clock/ntp-sync.js';
import type { TimeSyncReport } from '../../main/clock/ntp-probe.js';
import { SignedTimeVerifier, signTime } from '../../main/clock/signed-time.js';
import { SyncRefusals } from '../../main/clock/sync-refusals.js';
import type { Journal } from '../../main/journal/journal.js';
import { newNonce } from '../../main/uplink/wire-batch.js';
import { input, useJournal } from '../journal/helpers.js';

const MINUTE = 60_000;

const t = useJournal({ side: true });

/** One gate lifetime's monitor on the journal, restored from it. */
function lifetime(c: ReturnType<typeof clocks>, journal: Journal = t.journal): ClockMonitor {
  const m = new ClockMonitor({ source: 'system-ntp', events: journal, toleranceMs: 2000, wallNow: c.wallNow, monoNow: c.monoNow });
  m.restore(journal);
  return m;
}

const clockEvents = (): { kind: string; detail: Record<string, unknown> }[] =>
  (t.side.prepare("SELECT kind, detail FROM events WHERE kind LIKE 'clock.%' ORDER BY id").all() as { kind: string; detail: string }[]).map((e) => ({
    kind: e.kind,
    detail: JSON.parse(e.detail) as Record<string, unknown>,
  }));

const refusals = (c: ReturnType<typeof clocks>): SyncRefusals => new SyncRefusals({ events: t.journal, wallNow: c.wallNow });

/** A probe double answering `report` (there is no chrony on CI). */
const probeSaying = (report: () => TimeSyncReport) => ({ probe: () => Promise.resolve(report()) });

interface Signer {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: string;
}
function keyPair(kid: string): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid, privateKey, publicKey: String(publicKey.export({ format: 'jwk' }).x) };
}

describe('after a jump, a trusted source restores trust', () => {
  it('the NTP daemon synchronised within the tolerance: trusted again, journaled with the source and the agreement', async () => {
    const c = clocks();
    const m = lifetime(c);
    c.tick(1000);
    c.jump(100 * MINUTE);
    expect(m.reading().trusted).toBe(false);
    let report: TimeSyncReport = { state: 'unsynced', source: 'ntp:chrony', why: 'not yet' };
    const ntp = new NtpSync({ probe: probeSaying(() => report), monitor: m, everyMs: 60_000, refusals: refusals(c) });
    expect(await ntp.poll()).toBe('unsynced');
    expect(m.status().trusted).toBe(false);
    // chrony steps the clock back to the right time (a jump back, journaled), then reports itself synced.
    c.tick(1000);
    c.jump(-100 * MINUTE);
    m.check();
    report = { state: 'synced', source: 'ntp:chrony', offsetMs: 12.5, detail: { stratum: 2 } };
    expect(await ntp.poll()).toBe('trusted');
    expect(m.status()).toEqual({ trusted: true, source: 'system-ntp', lastGoodSync: c.wallNow(), reason: null });
    const events = clockEvents();
    expect(events.map((e) => [e.kind, e.detail['reason'] ?? e.detail['source']])).toEqual([
      ['clock.untrusted', 'jump-forwards'],
      ['clock.untrusted', 'jump-backwards'],
      ['clock.trusted', 'ntp:chrony'],
    ]);
    expect(events[1]?.detail['previously']).toBe('jump-forwards'); // a step while already untrusted is journaled too
    expect(events[2]?.detail).toMatchObject({ offsetMs: 13, toleranceMs: 2000, wasReason: 'jump-backwards', stratum: 2 });
  });

  it('NTP outside the tolerance does not count: refused, journaled once for the episode', async () => {
    const c = clocks();
    const m = lifetime(c);
    c.tick(1000);
    c.jump(-10 * MINUTE);
    m.check();
    const ntp = new NtpSync({ probe: probeSaying(() => ({ state: 'synced', source: 'ntp:chrony', offsetMs: 2500, detail: {} })), monitor: m, everyMs: 60_000, refusals: refusals(c) });
    expect(await ntp.poll()).toBe('outside-tolerance');
    expect(await ntp.poll()).toBe('outside-tolerance');
    expect(m.status().trusted).toBe(false);
    expect(clockEvents().map((e) => [e.kind, e.detail['code']])).toEqual([
      ['clock.untrusted', undefined],
      ['clock.sync-refused', 'ntp.outside-tolerance'],
    ]);
  });

  describe('the platform’s signed time', () => {
    const timeKey = keyPair('platform-time');
    const policyKey = keyPair('platform-policy');
    const keys = trustedKeys([
      { kid: timeKey.kid, publicKey: timeKey.publicKey, kinds: ['time', 'notices'] },
      { kid: policyKey.kid, publicKey: policyKey.publicKey, kinds: ['policy'] },
    ]);

    function jumped() {
      const c = clocks();
      const m = lifetime(c);
      c.tick(1000);
      c.jump(9 * 24 * 60 * MINUTE);
      m.check();
      const verifier = new SignedTimeVerifier({ keys, monitor: m, wallNow: c.wallNow, refusals: refusals(c) });
      return { c, m, verifier };
    }

    it('echoing our nonce, within the tolerance, signed by a key with the time scope: trusted again, journaled', () => {
      const { c, m, verifier } = jumped();
      const nonce = newNonce();
      // Meanwhile the clock was set right (by hand, say): the platform's time, 800 ms off it, agrees within the tolerance.
      c.tick(1000);
      c.jump(-9 * 24 * 60 * MINUTE);
      expect(verifier.accept(signTime(nonce, c.wallNow() + 800, timeKey.kid, timeKey.privateKey), nonce)).toEqual({ ok: true, value: 'trusted' });
      expect(m.status().trusted).toBe(true);
      expect(clockEvents().at(-1)).toMatchObject({ kind: 'clock.trusted', detail: { source: 'platform:platform-time', offsetMs: 800, kid: 'platform-time' } });
    });

    it('refused, and the clock stays untrusted: another nonce, outside the tolerance, a bad signature, an unknown key, a key without the time scope, a replay', () => {
      const { c, m, verifier } = jumped();
      const ours = newNonce();
      const right = c.wallNow();
      const forged = keyPair(timeKey.kid); // same kid, another key
      const cases: [string, string, string][] = [
        ['time.nonce-mismatch', signTime(newNonce(), right, timeKey.kid, timeKey.privateKey), ours],
        ['time.outside-tolerance', signTime(ours, right - 9 * 24 * 60 * MINUTE, timeKey.kid, timeKey.privateKey), ours],
        ['time.bad-signature', signTime(ours, right, forged.kid, forged.privateKey), ours],
        ['time.unknown-key', signTime(ours, right, 'nobody', forged.privateKey), ours],
        ['time.key-not-allowed', signTime(ours, right, policyKey.kid, policyKey.privateKey), ours],
        ['time.malformed', 'not.a-jws', ours],
      ];
      for (const [code, time, nonce] of cases) {
        expect(verifier.accept(time, nonce), code).toMatchObject({ ok: false, error: { code } });
        expect(m.status().trusted, code).toBe(false);
      }
      // A nonce vouches once: the outside-tolerance case above used `ours` up.
      expect(verifier.accept(signTime(ours, right, timeKey.kid, timeKey.privateKey), ours)).toMatchObject({ ok: false, error: { code: 'time.replayed' } });
      expect(m.status().trusted).toBe(false);
      // Each kind of refusal journaled once, however often it comes.
      expect(verifier.accept(signTime(newNonce(), right, timeKey.kid, timeKey.privateKey), ours)).toMatchObject({ ok: false, error: { code: 'time.nonce-mismatch' } });
      const refused = clockEvents().filter((e) => e.kind === 'clock.sync-refused').map((e) => e.detail['code']);
      expect(refused).toEqual([...cases.map(([code]) => code), 'time.replayed']);
    });
  });
});

describe('trust survives a restart honestly', () => {
  it('a restart with the clock still 100 minutes ahead stays untrusted, journaled', () => {
    const c = clocks();
    const first = lifetime(c);
    expect(t.journal.record(input(1, { decision: { at: new Date(c.wallNow()).toISOString() } })).ok).toBe(true);
    c.tick(1000);
    c.jump(100 * MINUTE);
    expect(first.reading().trusted).toBe(false);
    first.detach();
    // The gate restarts; nothing synced the clock, which still reads 100 minutes ahead.
    c.reboot();
    c.tick(30_000);
    const second = lifetime(c);
    expect(second.status()).toMatchObject({ trusted: false, reason: 'untrusted-at-restart', lastGoodSync: START });
    expect(clockEvents().at(-1)).toMatchObject({ kind: 'clock.untrusted', detail: { reason: 'untrusted-at-restart', previousReason: 'jump-forwards' } });
  });

  it('a wall clock earlier than the journal’s latest entry is untrusted at start (behind-journal), even after a trusted run', () => {
    const c = clocks();
    const first = lifetime(c);
    c.tick(5 * MINUTE);
    expect(t.journal.recordEvent({ at: new Date(c.wallNow()).toISOString(), kind: 'device.fault', detail: {} }).ok).toBe(true);
    first.detach();
    expect(first.status().trusted).toBe(true);
    // Off, then back with an RTC that lost 20 minutes.
    c.reboot();
    c.jump(-20 * MINUTE);
    const second = lifetime(c);
    expect(second.status()).toMatchObject({ trusted: false, reason: 'behind-journal' });
    expect(clockEvents().at(-1)?.detail).toMatchObject({ reason: 'behind-journal', behindMs: 20 * MINUTE });
  });

  it('a trusted run restarts trusted and keeps its lastGoodSync; after a jump ahead and a sync, entries from the ahead period do not make the next start behind-journal', () => {
    const c = clocks();
    const first = lifetime(c);
    c.tick(1000);
    c.jump(100 * MINUTE);
    first.check(); // journaled at +100 min
    c.tick(1000);
    c.jump(-100 * MINUTE);
    expect(first.markSynced({ source: 'ntp:chrony', offsetMs: 1 })).toBe('trusted');
    const synced = c.wallNow();
    c.tick(MINUTE);
    first.detach();
    c.reboot();
    c.tick(1000);
    const second = lifetime(c);
    expect(second.status()).toEqual({ trusted: true, source: 'system-ntp', lastGoodSync: synced, reason: null });
  });

  it('a dead RTC at start is journaled once the journal opens', () => {
    const c = clocks(Date.parse('1970-01-01T00:00:05.000Z'));
    let open = false; // as in main/gate.ts: events go nowhere until the journal is open
    const events = { recordEvent: (e: Parameters<Journal['recordEvent']>[0]) => (open ? t.journal.recordEvent(e) : ({ ok: false, error: { code: 'gate.out-of-service', message: 'no journal yet' } } as const)) };
    const m = new ClockMonitor({ source: 'rtc', events, toleranceMs: 2000, wallNow: c.wallNow, monoNow: c.monoNow });
    expect(m.status()).toMatchObject({ trusted: false, reason: 'before-release' });
    open = true;
    m.restore(t.journal);
    expect(clockEvents()).toEqual([{ kind: 'clock.untrusted', detail: expect.objectContaining({ reason: 'before-release', atRestart: true }) }]);
    expect(t.journal.loadClockState()).toMatchObject({ ok: true, value: { state: { trusted: false, reason: 'before-release' } } });
  });
});
