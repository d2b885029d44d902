/**
 * The FreshnessMonitor over an in-memory BundleStates, a real PolicyStore and a real Journal on a SQLite
 * file, with a fake wall clock: a kind becomes stale past its maximum age (not at it), is journaled stale
 * once and fresh once, and clears when a fresh bundle is put in force or the policy stops dating it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FreshnessMonitor } from '../../main/bundles/freshness.js';
import { PolicyStore } from '../../main/policy/store.js';
import { err, failure } from '../../src/result.js';
import { capturedLog } from '../harness/captured-log.js';
import { readEvents } from '../harness/journal.js';
import { useJournal } from '../journal/helpers.js';
import { checksPolicyJson, withTestNotice } from '../fixtures/policy.js';
import { testCatalogue } from '../fixtures/notices.js';
import { MemoryBundleStates } from './memory-states.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-22T08:00:00.000Z');
const FRESHNESS = [
  { kind: 'quarantine', maxAgeHours: 12, onStale: 'refer' },
  { kind: 'issuer-keys', maxAgeHours: 24, onStale: 'deny' },
];
const policyText = (freshness: unknown, version = '1'): string => JSON.stringify({ ...withTestNotice(checksPolicyJson()), version, ...(freshness === undefined ? {} : { freshness }) });

describe('FreshnessMonitor', () => {
  const t = useJournal();

  function setup(freshness: unknown = FRESHNESS) {
    const clock = { now: T0 };
    const { log, lines } = capturedLog();
    const policies = new PolicyStore(t.journal, log, join(t.dir, 'policy.last-good.json'), testCatalogue(), () => clock.now);
    const applied = policies.apply(policyText(freshness), 'test');
    if (!applied.ok) throw new Error(applied.error.map((f) => f.message).join('; '));
    const bundles = new MemoryBundleStates();
    let changes = 0;
    const monitor = new FreshnessMonitor({ bundles, policies, wallNow: () => clock.now, events: t.journal, log, onChange: () => changes++ });
    const events = () => readEvents(t.file, ['bundle.stale', 'bundle.fresh']);
    return { clock, policies, bundles, monitor, events, lines, changes: () => changes };
  }

  it('shows every kind in force or dated by the policy, with its age and maximum', () => {
    const s = setup();
    s.bundles.put('quarantine', { version: 3, issuedAt: T0 - 2 * HOUR, appliedAt: T0 - HOUR });
    s.bundles.put('residents', { version: null, issuedAt: null, appliedAt: T0 - 5 * HOUR });
    expect(s.monitor.check()).toEqual([
      { kind: 'residents', version: null, ageMs: 5 * HOUR, maxAgeMs: null, stale: false, onStale: null },
      { kind: 'quarantine', version: 3, ageMs: 2 * HOUR, maxAgeMs: 12 * HOUR, stale: false, onStale: 'refer' },
      // dated by the policy, never applied: stale with no age.
      { kind: 'issuer-keys', version: null, ageMs: null, maxAgeMs: 24 * HOUR, stale: true, onStale: 'deny' },
    ]);
    expect([...s.monitor.stale()]).toEqual([['issuer-keys', { ageMs: null }]]);
  });

  it('becomes stale just past the maximum age, journals it once, and clears once when a fresh bundle comes', () => {
    const s = setup([{ kind: 'quarantine', maxAgeHours: 12, onStale: 'refer' }]);
    s.bundles.put('quarantine', { version: 1, issuedAt: T0, appliedAt: T0 + 60_000 });
    s.monitor.start();
    try {
      s.clock.now = T0 + 12 * HOUR;
      expect(s.monitor.stale().size).toBe(0); // at the maximum age: still fresh
      s.clock.now = T0 + 12 * HOUR + 1;
      expect([...s.monitor.stale()]).toEqual([['quarantine', { ageMs: 12 * HOUR + 1 }]]);
      s.clock.now = T0 + 14 * HOUR;
      s.monitor.check();
      expect(s.monitor.stale().get('quarantine')).toEqual({ ageMs: 14 * HOUR });
      expect(s.events()).toEqual([
        { kind: 'bundle.stale', at: new Date(T0 + 12 * HOUR + 1).toISOString(), detail: { kind: 'quarantine', ageMs: 12 * HOUR + 1, maxAgeMs: 12 * HOUR, onStale: 'refer' } },
      ]);
      expect(s.changes()).toBe(1);
      // A fresh bundle: onChange of the BundleStates clears it at once, no tick needed.
      s.bundles.put('quarantine', { version: 2, issuedAt: T0 + 13 * HOUR, appliedAt: T0 + 14 * HOUR });
      expect(s.events().slice(1)).toEqual([{ kind: 'bundle.fresh', at: new Date(T0 + 14 * HOUR).toISOString(), detail: { kind: 'quarantine', staleForMs: 2 * HOUR - 1, version: 2 } }]);
      expect(s.monitor.stale().size).toBe(0);
      s.monitor.check();
      expect(s.events()).toHaveLength(2);
      expect(s.changes()).toBe(2);
      expect(s.lines.filter((l) => l.msg.startsWith('bundle quarantine')).map((l) => l.msg)).toEqual([
        'bundle quarantine is stale: the rules that read it go to the guard',
        'bundle quarantine is fresh again',
      ]);
    } finally {
      s.monitor.stop();
    }
  });

  it('counts the age from when it was applied where a kind came without an issue time', () => {
    const s = setup([{ kind: 'residents', maxAgeHours: 1, onStale: 'deny' }]);
    s.bundles.put('residents', { version: null, issuedAt: null, appliedAt: T0 });
    s.clock.now = T0 + HOUR + 1;
    expect(s.monitor.check()).toEqual([{ kind: 'residents', version: null, ageMs: HOUR + 1, maxAgeMs: HOUR, stale: true, onStale: 'deny' }]);
  });

  it('checks on its timer', async () => {
    const s = setup([{ kind: 'quarantine', maxAgeHours: 1, onStale: 'refer' }]);
    s.bundles.put('quarantine', { version: 1, issuedAt: T0, appliedAt: T0 });
    const monitor = new FreshnessMonitor({ bundles: s.bundles, policies: s.policies, wallNow: () => s.clock.now, events: t.journal, log: capturedLog().log, checkEveryMs: 10 });
    monitor.start();
    try {
      expect(s.events()).toEqual([]);
      s.clock.now = T0 + 2 * HOUR;
      await expect.poll(() => s.events().map((e) => e.kind), { timeout: 5000 }).toEqual(['bundle.stale']);
    } finally {
      monitor.stop();
    }
  });

  it('clears a kind the new policy no longer dates, and dates a kind the new policy adds', () => {
    const s = setup([{ kind: 'quarantine', maxAgeHours: 1, onStale: 'refer' }]);
    s.monitor.start();
    try {
      expect(s.events().map((e) => [e.kind, e.detail['kind']])).toEqual([['bundle.stale', 'quarantine']]);
      s.clock.now = T0 + 30 * 60_000;
      expect(s.policies.apply(policyText([{ kind: 'risk-areas', maxAgeHours: 1, onStale: 'deny' }], '2'), 'test').ok).toBe(true);
      expect(s.events().map((e) => [e.kind, e.detail])).toEqual([
        ['bundle.stale', { kind: 'quarantine', ageMs: null, maxAgeMs: HOUR, onStale: 'refer' }],
        ['bundle.stale', { kind: 'risk-areas', ageMs: null, maxAgeMs: HOUR, onStale: 'deny' }],
        ['bundle.fresh', { kind: 'quarantine', staleForMs: 30 * 60_000, version: null }],
      ]);
      expect([...s.monitor.stale().keys()]).toEqual(['risk-areas']);
    } finally {
      s.monitor.stop();
    }
  });

  it('logs and carries on when the journal cannot take the event', () => {
    const s = setup();
    const { log, lines } = capturedLog();
    const full = { recordEvent: () => err(failure('journal.full', 'the disk is full')) };
    const monitor = new FreshnessMonitor({ bundles: s.bundles, policies: s.policies, wallNow: () => s.clock.now, events: full, log });
    expect([...monitor.stale().keys()]).toEqual(['quarantine', 'issuer-keys']);
    expect(lines.filter((l) => l.msg === 'could not journal a freshness event').map((l) => l['event'])).toEqual(['bundle.stale', 'bundle.stale']);
    expect([...monitor.stale().keys()]).toEqual(['quarantine', 'issuer-keys']);
  });
});
