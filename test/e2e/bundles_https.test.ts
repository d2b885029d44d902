/**
 * Issue 13 from the outside: a real gate process pulls bundles over HTTP from a test platform (GET
 * <origin>/bundles/<kind> with ETags), bundles made only with the documented `gate bundle keygen|sign` and the
 * gate's key from `gate bundle gate-key`. Each bundle is journaled, the next person is decided under it, and
 * a tampered, an older, a wrong-key and an out-of-scope bundle are refused with their codes while the
 * previous stays in force. Read back through the journal file, `gate export`, the heartbeat the platform
 * receives and the host's view.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyOnly } from '../fixtures/policy.js';
import { TEST_CITES } from '../fixtures/notices.js';
import { connectViews, spawnGate, writeGateConfig, type ChildGate, type ViewClient } from '../harness/child-gate.js';
import { waitFor } from '../harness/gate.js';
import { readEvents } from '../harness/journal.js';
import { bundleSha256, gate, gateOk, residentRef, SimLane } from './gate-cli.js';
import { Platform } from './platform.js';

const X_ID = '11010519491231002X';
const GATE_ID = 'gate-01';
const ALL_KINDS = ['policy', 'residents', 'quarantine', 'risk-areas', 'issuer-keys', 'notices', 'district-key'];

const dir = mkdtempSync(join(tmpdir(), 'gate-e2e-bundles-'));
const at = (name: string): string => join(dir, name);
const journal = at('data/journal.sqlite');
let platform: Platform;
let lane: SimLane;
let child: ChildGate | undefined;
let views: ViewClient | undefined;
let configFile: string;

const policy = (version: string): Record<string, unknown> => {
  const p = demoPolicyOnly(['identity', 'temperature']);
  return { ...p, id: 'district-policy', version, rules: [...(p['rules'] as unknown[]), { id: 'quarantine', kind: 'quarantine-list', cites: TEST_CITES, onFail: 'deny', params: {} }] };
};
const districtKey = (name: string): { file: string; hex: string } => {
  const hex = randomBytes(32).toString('hex');
  writeFileSync(at(name), JSON.stringify({ key: hex }));
  return { file: at(name), hex };
};

/** `gate bundle sign` as the platform runs it; the bundle's file. */
function sign(key: string, kind: string, version: number, body: unknown, extra: string[] = []): string {
  const name = `${kind}-v${version}-${randomBytes(3).toString('hex')}`;
  const args = ['bundle', 'sign', '--key', at(`${key}/${key}.secret.jwk.json`), '--kind', kind, '--version', String(version), '--out', at(`${name}.jws`), ...extra];
  if (body !== undefined) writeFileSync(at(`${name}.json`), JSON.stringify(body));
  gateOk(body === undefined ? args : [...args, '--body', at(`${name}.json`)]);
  return at(`${name}.jws`);
}
const quarantined = (k: { hex: string }) => [{ ref: residentRef(k.hex, X_ID), from: new Date(Date.now() - 86_400_000).toISOString(), until: null }];
const residents = (k: { hex: string }) => [{ ref: residentRef(k.hex, X_ID), household: 'B3-1201' }];
/** A district-key bundle for this gate: the key, and residents and quarantine bundles hashed under it. */
function rotation(version: number, k: { file: string; hex: string }, listsVersion: number, quarantine: unknown): { file: string; residents: string; quarantine: string } {
  const r = sign('platform-1', 'residents', listsVersion, residents(k), ['--district-key', k.file]);
  const q = sign('platform-1', 'quarantine', listsVersion, quarantine, ['--district-key', k.file]);
  const file = sign('platform-1', 'district-key', version, undefined, ['--district-key', k.file, '--gate', GATE_ID, '--gate-key', at('gate.pub.json'), '--residents', r, '--quarantine', q]);
  return { file, residents: r, quarantine: q };
}
const publish = (kind: string, file: string): void => platform.publish(kind, readFileSync(file, 'utf8'));
const applied = () => readEvents(journal, ['bundle.applied']).map((e) => e.detail);
const refused = () => readEvents(journal, ['bundle.refused']).map((e) => e.detail);
const person = () => lane.person(configFile, views!, X_ID);
const rule = (row: { rules: readonly { id: string }[] }, id: string) => row.rules.find((r) => r.id === id);

const k1 = districtKey('district-key-1.json');
const k2 = districtKey('district-key-2.json');
let first: { file: string; residents: string; quarantine: string };
let policyV1: string;

beforeAll(async () => {
  platform = await Platform.start();
  lane = await SimLane.start();
  gateOk(['bundle', 'keygen', '--kid', 'platform-1', '--out', at('platform-1')]);
  gateOk(['bundle', 'keygen', '--kid', 'lists-only', '--out', at('lists-only')]);
  gateOk(['bundle', 'keygen', '--kid', 'rogue', '--out', at('rogue')]);
  const pub = (kid: string) => JSON.parse(readFileSync(at(`${kid}/${kid}.public.json`), 'utf8')) as { kid: string; publicKey: string };
  configFile = writeGateConfig(dir, demoPolicyOnly(['identity', 'temperature']), {
    session: { stepTimeoutMs: 8000, sessionTimeoutMs: 30_000, verdictDisplayMs: 1000 },
    lanes: [lane.config()],
    uplink: { gateId: GATE_ID, transport: { kind: 'https', url: platform.recordsUrl, timeoutMs: 2000 }, heartbeatEveryMs: 1000, retry: { firstDelayMs: 100, maxDelayMs: 1000 } },
    bundles: { keys: [{ ...pub('platform-1'), kinds: [...ALL_KINDS, 'time'] }, { ...pub('lists-only'), kinds: ['risk-areas'] }], pullEveryMs: 1000 },
  });
  writeFileSync(at('gate.pub.json'), gateOk(['bundle', 'gate-key', '--config', configFile]));

  policyV1 = sign('platform-1', 'policy', 1, policy('1'));
  first = rotation(1, k1, 1, quarantined(k1));
  publish('policy', policyV1);
  publish('district-key', first.file);
  publish('risk-areas', sign('platform-1', 'risk-areas', 1, [{ area: '420106', level: 'high', from: '2026-11-15', until: '2026-11-29' }]));
  child = spawnGate(configFile);
  views = await connectViews(await child.url());
}, 60_000);

afterAll(async () => {
  views?.close();
  await child?.stop();
  await lane?.close();
  await platform?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bundles pulled over HTTP by a running gate', () => {
  it('applies the policy, the district key with its lists and the risk areas it finds at start, each journaled', async () => {
    await waitFor('the policy file and five bundles applied', () => applied().length >= 6 || undefined, 20_000);
    const byKind = Object.fromEntries(applied().map((d) => [d['kind'], d]));
    const policyFileSha = bundleSha256(at('policy.json'));
    expect(byKind['policy']).toEqual({ kind: 'policy', fromVersion: null, fromSha256: policyFileSha, toVersion: 1, toSha256: bundleSha256(policyV1), source: 'uplink:https', kid: 'platform-1' });
    expect(byKind['district-key']).toMatchObject({ fromVersion: null, toVersion: 1, toSha256: bundleSha256(first.file), source: 'uplink:https', kid: 'platform-1' });
    expect(byKind['residents']).toMatchObject({ fromVersion: null, toVersion: 1, toSha256: bundleSha256(first.residents), source: 'uplink:https' });
    expect(byKind['quarantine']).toMatchObject({ fromVersion: null, toVersion: 1, toSha256: bundleSha256(first.quarantine), source: 'uplink:https' });
    expect(byKind['risk-areas']).toMatchObject({ fromVersion: null, toVersion: 1, source: 'uplink:https' });
    // `gate bundle verify` names a bundle by the same SHA-256 as the journal.
    expect(JSON.parse(gateOk(['bundle', 'verify', '--file', policyV1, '--config', configFile]))).toMatchObject({ kind: 'policy', version: 1, kid: 'platform-1', sha256: bundleSha256(policyV1) });
  });

  it('decides the next person under them: X is on the quarantine list and is denied', async () => {
    const row = await person();
    expect(row.policy).toMatchObject({ id: 'district-policy', version: '1' });
    expect(row.verdict).toBe('deny');
    expect(rule(row, 'quarantine')).toMatchObject({ outcome: 'FAILED', values: { listed: true } });
  }, 40_000);

  it('takes a newer quarantine list, and X is admitted', async () => {
    const v2 = sign('platform-1', 'quarantine', 2, [], ['--hashed-under', hashedUnder(first.quarantine)]);
    publish('quarantine', v2);
    await waitFor('quarantine v2 applied', () => applied().find((d) => d['kind'] === 'quarantine' && d['toVersion'] === 2), 10_000);
    expect(applied().find((d) => d['toVersion'] === 2)).toMatchObject({ fromVersion: 1, fromSha256: bundleSha256(first.quarantine), toSha256: bundleSha256(v2) });
    const row = await person();
    expect(row.verdict).toBe('admit');
    expect(rule(row, 'quarantine')).toMatchObject({ outcome: 'PASSED', values: { listed: false } });
  }, 40_000);

  it('refuses a tampered, an older, a wrong-key and an out-of-scope bundle with their codes, and the list in force stays', async () => {
    const v3 = readFileSync(sign('platform-1', 'quarantine', 3, quarantined(k1), ['--district-key', k1.file]), 'utf8').trim();
    const [h, p, s] = v3.split('.');
    const tampered = `${h}.${p}.${s!.startsWith('A') ? 'B' : 'A'}${s!.slice(1)}`;
    const cases: [string, string, string][] = [
      ['quarantine', tampered, 'bundle.bad-signature'],
      ['quarantine', readFileSync(first.quarantine, 'utf8'), 'bundle.rollback'],
      ['quarantine', readFileSync(sign('rogue', 'quarantine', 4, quarantined(k1), ['--district-key', k1.file]), 'utf8'), 'bundle.unknown-key'],
      ['policy', readFileSync(sign('lists-only', 'policy', 5, policy('5')), 'utf8'), 'bundle.kind-not-allowed'],
    ];
    for (const [kind, text, code] of cases) {
      const before = refused().length;
      platform.publish(kind, text);
      const r = await waitFor(`${code} journaled`, () => refused().slice(before).find((d) => d['code'] === code), 10_000);
      expect(r).toMatchObject({ source: 'uplink:https', reason: expect.any(String) as unknown });
      if (code === 'bundle.rollback' || code === 'bundle.kind-not-allowed') expect(r).toMatchObject({ kind, version: code === 'bundle.rollback' ? 1 : 5 });
      else expect(r).toMatchObject({ kind: null, version: null });
    }
    publish('policy', policyV1);
    const inForce = views!.latest()?.bundles ?? [];
    expect(inForce.find((b) => b.kind === 'quarantine')?.version).toBe(2);
    expect(inForce.find((b) => b.kind === 'policy')?.version).toBe(1);
    const row = await person();
    expect(row.verdict).toBe('admit');
  }, 60_000);

  it('rotates the district key with its lists as one, and X, listed again under the new key, is denied', async () => {
    const second = rotation(2, k2, 3, quarantined(k2));
    publish('district-key', second.file);
    await waitFor('the rotation applied', () => applied().find((d) => d['kind'] === 'district-key' && d['toVersion'] === 2), 10_000);
    const last3 = applied().slice(-3);
    expect(last3.map((d) => d['kind']).sort()).toEqual(['district-key', 'quarantine', 'residents']);
    expect(last3.find((d) => d['kind'] === 'quarantine')).toMatchObject({ fromVersion: 2, toVersion: 3, toSha256: bundleSha256(second.quarantine) });
    expect(last3.find((d) => d['kind'] === 'residents')).toMatchObject({ fromVersion: 1, toVersion: 3 });
    const row = await person();
    expect(row.verdict).toBe('deny');
    expect(rule(row, 'quarantine')).toMatchObject({ outcome: 'FAILED', values: { listed: true } });
  }, 40_000);

  it('reports what is in force in the heartbeat the platform receives, in the host’s view, and sends the journal up', async () => {
    const hb = await waitFor('a heartbeat with the rotation', () => platform.heartbeats.findLast((h) => h.bundles?.find((b) => b.kind === 'district-key')?.version === 2), 10_000);
    const versions = Object.fromEntries((hb.bundles ?? []).map((b) => [b.kind, b.version]));
    expect(versions).toMatchObject({ policy: 1, 'district-key': 2, residents: 3, quarantine: 3, 'risk-areas': 1 });
    expect(hb.bundles?.every((b) => b.stale === false && typeof b.ageS === 'number')).toBe(true);
    const view = Object.fromEntries((views!.latest()?.bundles ?? []).map((b) => [b.kind, b.version]));
    expect(view).toMatchObject(versions);
    // Every application goes up, the policy file's at the first start too (queued before the uplink started).
    const journaled = applied().map((d) => `${String(d['source'])} ${String(d['kind'])}`);
    expect(journaled[0]).toBe('file policy');
    await waitFor('the bundle events sent up', () => platform.events('bundle.applied').length === journaled.length || undefined, 10_000);
    expect(platform.events('bundle.applied').map((e) => `${String(e.detail['source'])} ${String(e.detail['kind'])}`)).toEqual(journaled);
    expect(platform.events('bundle.refused').map((e) => e.detail['code'])).toEqual(expect.arrayContaining(['bundle.bad-signature', 'bundle.rollback', 'bundle.unknown-key', 'bundle.kind-not-allowed']));
  }, 30_000);

  it('leaves a gate whose journal still verifies', () => {
    const r = gate(['verify', '--config', configFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

/** The `hashedUnder` of a signed bundle, as `gate bundle verify` prints it. */
function hashedUnder(file: string): string {
  const summary = JSON.parse(gateOk(['bundle', 'verify', '--file', file, '--config', configFile])) as { hashedUnder: string };
  return summary.hashedUnder;
}
