/**
 * Applying: each kind comes into force with its row in `bundles` and a `bundle.applied` event, registers
 * through the same writer as `gate import` (the generation bumps, the registers reload), the policy
 * through the PolicyStore; a restart comes up on the newest policy; `gate import` is recorded in force.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configureQueue } from '../../main/journal/uplink-queue.js';
import { importRegister } from '../../main/registers/import.js';
import { readGeneration } from '../../main/registers/settings.js';
import { BundleStore } from '../../main/bundles/store.js';
import { openJournalDb } from '../../main/journal/db.js';
import { logger } from '../../main/log.js';
import { shippedCatalogue } from '../../main/notices/load.js';
import { PolicyStore } from '../../main/policy/store.js';
import { ok } from '../../src/result.js';
import { testCatalogue } from '../fixtures/notices.js';
import { checksPolicyJson } from '../fixtures/policy.js';
import { bundle, fixture, signer, stubOpener, type Fixture } from './helpers.js';

const platform = signer('platform-1', ['policy', 'residents', 'quarantine', 'risk-areas', 'issuer-keys', 'district-key']);
const policyV = (version: string): Record<string, unknown> => ({ ...checksPolicyJson(), version });
const policyChanges = (f: Fixture): { source: string; outcome: string; policy_version: string | null }[] =>
  f.db.prepare('SELECT source, outcome, policy_version FROM policy_changes ORDER BY id').all() as { source: string; outcome: string; policy_version: string | null }[];

let f: Fixture;
afterEach(() => f.close());

describe('registers', () => {
  it('a risk-areas bundle replaces the rows, bumps the generation, reloads the registers, and is journaled', async () => {
    f = fixture({ keys: [platform], policy: checksPolicyJson() });
    const generation = readGeneration(f.db);
    const text = bundle(platform, 'risk-areas', 4, [{ area: '420106', level: 'high', from: '2026-11-01' }]);
    expect(await f.store.offer(text, 'uplink:https')).toEqual({ ok: true, value: { outcome: 'applied', kind: 'risk-areas', version: 4 } });
    expect(f.db.prepare('SELECT area, level FROM risk_areas').all()).toEqual([{ area: '420106', level: 'high' }]);
    expect(readGeneration(f.db)).toEqual({ ok: true, value: (generation.ok ? generation.value : -1) + 1 });
    expect(f.registers.riskLevel('420106', '2026-11-22')).toBe('high');
    const [applied] = f.events('bundle.applied').filter((e) => e.detail['kind'] === 'risk-areas');
    expect(applied?.detail).toEqual({ kind: 'risk-areas', fromVersion: null, fromSha256: null, toVersion: 4, toSha256: expect.stringMatching(/^[0-9a-f]{64}$/), source: 'uplink:https', kid: 'platform-1' });
    const next = bundle(platform, 'risk-areas', 5, []);
    expect((await f.store.offer(next, 'uplink:mqtt')).ok).toBe(true);
    expect(f.events('bundle.applied').at(-1)?.detail).toMatchObject({ fromVersion: 4, fromSha256: applied?.detail['toSha256'], toVersion: 5 });
    expect(f.store.inForce().find((b) => b.kind === 'risk-areas')).toEqual({
      kind: 'risk-areas',
      version: 5,
      issuedAt: Date.parse('2026-11-22T00:00:00Z'),
      appliedAt: expect.any(Number),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      source: 'uplink:mqtt',
    });
    expect(f.registers.riskLevel('420106', '2026-11-22')).toBeUndefined();
  });

  it('the events go up like every event: each is queued for the uplink', async () => {
    f = fixture({ keys: [platform], policy: checksPolicyJson() });
    configureQueue(f.db, { enabled: true, maxRecords: 1000, maxBytes: 1_000_000, whenFull: 'drop-oldest' });
    await f.store.offer(bundle(platform, 'risk-areas', 1, []), 'uplink:https');
    await f.store.offer(bundle(platform, 'risk-areas', 1, [{ area: '420106', level: 'high', from: '2026-11-01' }]), 'uplink:https');
    const queued = f.db.prepare("SELECT json_extract(payload, '$.kind') FROM uplink_queue WHERE kind = 'event'").pluck().all();
    expect(queued).toEqual(expect.arrayContaining(['bundle.applied', 'bundle.refused']));
  });

  it('gate import records its kind in force (version null, source import:<file>), and a bundle then replaces it', async () => {
    f = fixture({ keys: [platform], policy: checksPolicyJson() });
    const imported = importRegister(f.db, 'risk-areas', [{ area: '420106', level: 'medium', from: '2026-11-01' }], { nowMs: Date.parse('2026-11-20T00:00:00Z'), source: 'areas.json' });
    expect(imported.ok).toBe(true);
    expect(f.store.refresh()).toEqual({ ok: true, value: true });
    expect(f.store.inForce()).toContainEqual({ kind: 'risk-areas', version: null, issuedAt: null, appliedAt: Date.parse('2026-11-20T00:00:00Z'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), source: 'import:areas.json' });
    expect((await f.store.offer(bundle(platform, 'risk-areas', 1, []), 'uplink:https')).ok).toBe(true);
    expect(f.events('bundle.applied').at(-1)?.detail).toMatchObject({ fromVersion: null, fromSha256: expect.stringMatching(/^[0-9a-f]{64}$/), toVersion: 1 });
  });
});

describe('the policy', () => {
  it('a policy bundle comes into force through the PolicyStore, journaled as a policy change from its source', async () => {
    f = fixture({ keys: [platform], policy: policyV('file-1') });
    const seen: string[] = [];
    f.policies.onChange((p) => seen.push(p.doc.version));
    expect((await f.store.offer(bundle(platform, 'policy', 1, policyV('bundle-1')), 'uplink:https')).ok).toBe(true);
    expect(f.policies.current().doc.version).toBe('bundle-1');
    expect(seen).toEqual(['bundle-1']);
    expect(policyChanges(f)).toEqual([
      { source: 'file', outcome: 'applied', policy_version: 'file-1' },
      { source: 'uplink:https', outcome: 'applied', policy_version: 'bundle-1' },
    ]);
  });

  it('a restart comes up on the newest policy bundle while the file is untouched, and on the file once it is edited', async () => {
    f = fixture({ keys: [platform], policy: policyV('file-1') });
    await f.store.offer(bundle(platform, 'policy', 1, policyV('bundle-1')), 'uplink:https');
    await f.store.offer(bundle(platform, 'policy', 2, policyV('bundle-2')), 'uplink:https');
    f = f.restart();
    expect(f.policies.current().doc.version).toBe('bundle-2');
    writeFileSync(f.policyFile, JSON.stringify(policyV('file-2')));
    f = f.restart();
    expect(f.policies.current().doc.version).toBe('file-2');
    expect(f.store.inForce().find((b) => b.kind === 'policy')).toMatchObject({ version: null, source: 'file' });
    expect(f.events('bundle.applied').at(-1)?.detail).toEqual({ kind: 'policy', fromVersion: 2, fromSha256: expect.any(String), toVersion: null, toSha256: expect.any(String), source: 'file', kid: null, path: f.policyFile });
    f = f.restart();
    expect(f.policies.current().doc.version).toBe('file-2');
  });

  it('a policy bundle applied by another process (gate bundle apply) comes into force at the running gate\'s next refresh', async () => {
    f = fixture({ keys: [platform], policy: policyV('file-1') });
    const cli = openJournalDb(f.file);
    if (!cli.ok) throw new Error(cli.error.message);
    const elsewhere = BundleStore.open({ db: cli.value, shippedNotices: shippedCatalogue(), policies: new PolicyStore({ recordPolicyChange: () => ok(undefined) }, logger('test'), join(f.dir, 'other.json'), testCatalogue()), config: { bundles: { keys: [platform.config], pullEveryMs: 300_000, policyFile: 'allowed' } }, openDistrictKey: stubOpener, log: logger('test') });
    if (!elsewhere.ok) throw new Error(elsewhere.error.message);
    expect((await elsewhere.value.offer(bundle(platform, 'policy', 1, policyV('bundle-1')), 'cli:p.jws')).ok).toBe(true);
    cli.value.close();
    expect(f.policies.current().doc.version).toBe('file-1');
    expect(f.store.refresh()).toEqual({ ok: true, value: true });
    expect(f.policies.current().doc.version).toBe('bundle-1');
    expect(f.store.refresh()).toEqual({ ok: true, value: false });
  });
});
