/**
 * Issue 13 from the outside, the offline way in and freshness: `gate bundle apply --file` into a stopped
 * gate's data folder, then the real gate process starts on what was applied; with `bundles.policyFile:
 * forbidden` an edit of the policy file changes nothing (journaled refusal). The applied policy gives the
 * quarantine list a maximum age of 1 h with `onStale: deny`, and the list in force was issued 2 h ago: the
 * heartbeat and the host's view show it stale, a person is decided with the rule MISSING_EVIDENCE/deny, and
 * a fresh list applied while the gate runs clears it (`bundle.stale`, then `bundle.fresh`).
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
const dir = mkdtempSync(join(tmpdir(), 'gate-e2e-offline-'));
const at = (name: string): string => join(dir, name);
const journal = at('data/journal.sqlite');
const key = at('platform-1/platform-1.secret.jwk.json');
const districtHex = randomBytes(32).toString('hex');
let platform: Platform;
let lane: SimLane;
let child: ChildGate | undefined;
let views: ViewClient | undefined;
let configFile: string;
let policyBundle: string;

const districtPolicy = (): Record<string, unknown> => {
  const p = demoPolicyOnly(['identity', 'temperature']);
  return {
    ...p,
    id: 'district-policy',
    version: '7',
    rules: [...(p['rules'] as unknown[]), { id: 'quarantine', kind: 'quarantine-list', cites: TEST_CITES, onFail: 'deny', params: {} }],
    freshness: [{ kind: 'quarantine', maxAgeHours: 1, onStale: 'deny' }],
  };
};
function sign(kind: string, version: number, body: unknown, extra: string[] = []): string {
  const name = `${kind}-v${version}`;
  writeFileSync(at(`${name}.json`), JSON.stringify(body));
  gateOk(['bundle', 'sign', '--key', key, '--kind', kind, '--version', String(version), '--body', at(`${name}.json`), '--out', at(`${name}.jws`), ...extra]);
  return at(`${name}.jws`);
}
const quarantine = (version: number, issuedAt: string): string =>
  sign('quarantine', version, [{ ref: residentRef(districtHex, 'NOBODY'), from: '2026-01-01T00:00:00Z', until: null }], ['--district-key', at('district-key.json'), '--issued-at', issuedAt]);
const events = (...kinds: string[]) => readEvents(journal, kinds);
const quarantineView = () => views?.latest()?.bundles.find((b) => b.kind === 'quarantine');

beforeAll(async () => {
  platform = await Platform.start();
  lane = await SimLane.start();
  gateOk(['bundle', 'keygen', '--kid', 'platform-1', '--out', at('platform-1')]);
  const pub = JSON.parse(readFileSync(at('platform-1/platform-1.public.json'), 'utf8')) as { kid: string; publicKey: string };
  configFile = writeGateConfig(dir, demoPolicyOnly(['identity', 'temperature']), {
    session: { stepTimeoutMs: 8000, sessionTimeoutMs: 30_000, verdictDisplayMs: 1000 },
    lanes: [lane.config()],
    uplink: { gateId: 'gate-02', transport: { kind: 'https', url: platform.recordsUrl, timeoutMs: 2000 }, heartbeatEveryMs: 1000 },
    bundles: { keys: [{ ...pub, kinds: ['policy', 'quarantine'] }], policyFile: 'forbidden', pullEveryMs: 1000 },
  });
  writeFileSync(at('district-key.json'), JSON.stringify({ key: districtHex }));
  policyBundle = sign('policy', 1, districtPolicy());
}, 30_000);

afterAll(async () => {
  views?.close();
  await child?.stop();
  await lane?.close();
  await platform?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bundles applied offline, a forbidden policy file, a stale quarantine list', () => {
  it('applies bundles into a stopped gate with `gate bundle apply`, and the gate starts on them', async () => {
    gateOk(['import', 'district-key', '--file', at('district-key.json'), '--config', configFile]);
    const applyPolicy = gate(['bundle', 'apply', '--file', policyBundle, '--config', configFile]);
    expect(applyPolicy).toMatchObject({ code: 0, stdout: expect.stringContaining('applied policy version 1') as unknown });
    const stale = quarantine(1, new Date(Date.now() - 2 * 3_600_000).toISOString());
    expect(gate(['bundle', 'apply', '--file', stale, '--config', configFile]).code).toBe(0);
    // The same bundle again: unchanged, exit 0, nothing journaled.
    const again = gate(['bundle', 'apply', '--file', stale, '--config', configFile]);
    expect(again.code).toBe(0);
    expect(events('bundle.applied').map((e) => e.detail)).toEqual([
      { kind: 'policy', fromVersion: null, fromSha256: null, toVersion: 1, toSha256: bundleSha256(policyBundle), source: `cli:${policyBundle}`, kid: 'platform-1' },
      { kind: 'quarantine', fromVersion: null, fromSha256: null, toVersion: 1, toSha256: bundleSha256(stale), source: `cli:${stale}`, kid: 'platform-1' },
    ]);

    child = spawnGate(configFile);
    views = await connectViews(await child.url());
    await waitFor('the policy bundle in force', () => views?.latest()?.bundles.find((b) => b.kind === 'policy')?.version === 1 || undefined);
    // The file, never applied, is offered at start and refused (docs/bundles.md: content not applied before).
    expect(events('bundle.refused').map((e) => e.detail['code'])).toEqual(['bundle.file-forbidden']);
  }, 60_000);

  it('shows the 2-hour-old quarantine list stale in the view and the heartbeat, journaled bundle.stale', async () => {
    const v = await waitFor('the view to show the list stale', () => (quarantineView()?.stale === true ? quarantineView() : undefined));
    expect(v).toMatchObject({ version: 1, maxAgeMs: 3_600_000, onStale: 'deny' });
    expect(v?.ageMs).toBeGreaterThan(2 * 3_600_000 - 60_000);
    const hb = await waitFor('a heartbeat', () => platform.heartbeats.at(-1)?.bundles?.find((b) => b.kind === 'quarantine'));
    expect(hb).toMatchObject({ version: 1, stale: true });
    expect(hb.ageS).toBeGreaterThanOrEqual(7200 - 60);
    const [stale] = await waitFor('bundle.stale journaled', () => (events('bundle.stale').length > 0 ? events('bundle.stale') : undefined));
    expect(stale?.detail).toMatchObject({ kind: 'quarantine', maxAgeMs: 3_600_000, onStale: 'deny' });
  }, 20_000);

  it('decides a person with the quarantine rule MISSING_EVIDENCE/deny while the list is stale', async () => {
    const row = await lane.person(configFile, views!, X_ID);
    expect(row.policy).toMatchObject({ id: 'district-policy', version: '7' });
    expect(row.verdict).toBe('deny');
    expect(row.rules.find((r) => r.id === 'quarantine')).toMatchObject({ outcome: 'MISSING_EVIDENCE', effect: 'deny', values: { stale: ['quarantine'] } });
  }, 40_000);

  it('refuses an edit of the forbidden policy file, journaled, and the policy bundle stays in force', async () => {
    writeFileSync(at('policy.json'), JSON.stringify({ ...districtPolicy(), id: 'edited-locally', freshness: undefined }));
    const r = await waitFor('the refusal of the edit', () => events('bundle.refused').at(1), 10_000);
    expect(r.detail).toMatchObject({ kind: 'policy', code: 'bundle.file-forbidden', source: 'file', path: expect.stringContaining('policy.json') as unknown });
    const row = await lane.person(configFile, views!, X_ID);
    expect(row.policy.id).toBe('district-policy');
  }, 40_000);

  it('clears the stale state when a fresh list is applied while the gate runs: bundle.fresh, then the rule decides', async () => {
    const fresh = quarantine(2, new Date().toISOString());
    expect(gate(['bundle', 'apply', '--file', fresh, '--config', configFile]).code).toBe(0);
    const [ended] = await waitFor('bundle.fresh journaled', () => (events('bundle.fresh').length > 0 ? events('bundle.fresh') : undefined), 10_000);
    expect(ended?.detail).toMatchObject({ kind: 'quarantine', version: 2 });
    await waitFor('the view to show it fresh', () => (quarantineView()?.stale === false ? true : undefined));
    await waitFor('a heartbeat showing it fresh', () => platform.heartbeats.at(-1)?.bundles?.find((b) => b.kind === 'quarantine' && b.version === 2 && !b.stale));
    const row = await lane.person(configFile, views!, X_ID);
    expect(row.verdict).toBe('admit');
    expect(row.rules.find((r) => r.id === 'quarantine')).toMatchObject({ outcome: 'PASSED', values: { listed: false } });
    expect(events('bundle.stale', 'bundle.fresh').map((e) => e.kind)).toEqual(['bundle.stale', 'bundle.fresh']);
  }, 40_000);
});
