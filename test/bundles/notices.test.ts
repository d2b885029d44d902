/**
 * The notice catalogue as a bundle (main/bundles/notices.ts through the BundleStore): applied with its row,
 * body and `bundle.applied` event in one transaction, the catalogue swapped for the next policy check and
 * the screen's policy view, read again at a restart (openRecords); refused, with everything kept, when a
 * notice is invalid, an id is given twice, a shipped notice is changed, or the policy in force would no
 * longer load; pulled before a policy citing its notices; picked up from another process by `refresh`.
 * Real journals in temp folders, bundles signed with signBundle.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBundlePull, type BundlePull } from '../../main/bundles/pull.js';
import { loadConfig } from '../../main/config/load.js';
import { openRecords, type Records } from '../../main/gate/records.js';
import { openJournalDb } from '../../main/journal/db.js';
import { DATA_NOTICES_DIR } from '../../main/notices/load.js';
import { resourcePath } from '../../main/resources.js';
import { policyViewOf } from '../../src/ipc/policy-view.js';
import { ok } from '../../src/result.js';
import { installTestNotice, TEST_NOTICE_ID, testNoticeJson } from '../fixtures/notices.js';
import { checksPolicyJson } from '../fixtures/policy.js';
import { capturedLog } from '../harness/captured-log.js';
import { waitFor } from '../harness/gate.js';
import { tempDir } from '../journal/helpers.js';
import { runCommand, writeConfig } from '../journal/run-command.js';
import { BundleServer } from './bundle-server.js';
import { bundle, fixture, signer, stubOpener, type Fixture } from './helpers.js';

const platform = signer('platform-1', ['policy', 'notices']);
const DISTRICT_NOTICE = 'district-2026-11';
const WORDS = '一、进出小区人员须出示场所码（测试用条款）';

/** A district's own notice, which no shipped notice and no data folder file has. */
const districtNotice = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...testNoticeJson(),
  id: DISTRICT_NOTICE,
  issuer: 'Test district headquarters',
  date: '2026-11-20',
  title: { zh: '关于小区出入管理的通知（测试用）' },
  clauses: [{ id: '1', text: { zh: WORDS } }],
  ...over,
});

/** The fixture's policy (it implements the test notice), also implementing the district notice: its temperature rule cites clause 1. */
function policyCitingDistrict(version = 'district-1'): Record<string, unknown> {
  const json = checksPolicyJson();
  const rules = (json['rules'] as Record<string, unknown>[]).map((r) => (r['kind'] === 'temperature' ? { ...r, cites: { notice: DISTRICT_NOTICE, clause: '1' } } : r));
  return { ...json, version, notices: [...(json['notices'] as string[]), DISTRICT_NOTICE], rules };
}

const wuhanShipped = (): Record<string, unknown> => JSON.parse(readFileSync(resourcePath('notices', 'wuhan-2020-04-02.json'), 'utf8')) as Record<string, unknown>;

let f: Fixture | undefined;
let records: Records | undefined;
let pull: BundlePull | undefined;
let server: BundleServer | undefined;
const folders: { remove(): void }[] = [];
afterEach(async () => {
  await pull?.stop();
  pull = undefined;
  await server?.close();
  server = undefined;
  records?.close();
  records = undefined;
  f?.close();
  f = undefined;
  for (const d of folders.splice(0)) d.remove();
});

const noticesRow = (fx: Fixture): { version: number | null; body: string | null } | undefined =>
  fx.db.prepare("SELECT version, body FROM bundles WHERE kind = 'notices'").get() as { version: number | null; body: string | null } | undefined;

/** Offers `text` and expects a refusal with `code`; returns its reason. */
async function refusedWith(fx: Fixture, text: string, code: string): Promise<string> {
  const r = await fx.store.offer(text, 'uplink:https');
  expect(r).toMatchObject({ ok: false, error: { code } });
  return r.ok ? '' : r.error.message;
}

/** Nothing of a refused notices bundle is in force: no row, no applied event, the catalogue as before. */
function expectNothingApplied(fx: Fixture, catalogueBefore: ReadonlyMap<string, unknown>): void {
  expect(noticesRow(fx)).toBeUndefined();
  expect(fx.events('bundle.applied').filter((e) => e.detail['kind'] === 'notices')).toEqual([]);
  expect(fx.policies.notices()).toBe(catalogueBefore);
}

describe('a notices bundle applied', () => {
  it('is the catalogue with the shipped notices: journaled, the next policy check and the policy view quote it, and a restart of the gate (openRecords) reads it again', async () => {
    const tmp = tempDir();
    folders.push(tmp);
    const dataDir = join(tmp.dir, 'data');
    const policyFile = join(tmp.dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(checksPolicyJson()));
    const c = loadConfig(writeConfig(tmp.dir, dataDir, { policyFile, bundles: { keys: [platform.config] } }), {});
    if (!c.ok) throw new Error(JSON.stringify(c.error));
    const open = (): Records => {
      const r = openRecords(c.value, { freeSpace: () => ok(1 << 40), openDistrictKey: stubOpener });
      if (!r.ok) throw new Error(r.error.map((e) => e.message).join('; '));
      return r.value;
    };
    // The policy implements the test notice, hand-placed in the data folder, as is a second file no bundle carries.
    installTestNotice(dataDir);
    writeFileSync(join(dataDir, DATA_NOTICES_DIR, 'hand-placed.json'), JSON.stringify({ ...testNoticeJson(), id: 'hand-placed' }));
    records = open();
    expect(records.catalogue.has('hand-placed')).toBe(true);
    // Before the notices bundle, a policy citing the district notice does not load.
    expect((await records.bundles.offer(bundle(platform, 'policy', 1, policyCitingDistrict()), 'uplink:https'))).toMatchObject({ ok: false, error: { code: 'bundle.body-invalid', message: expect.stringContaining(`no notice "${DISTRICT_NOTICE}"`) } });

    const notices = [testNoticeJson(), districtNotice()];
    expect(await records.bundles.offer(bundle(platform, 'notices', 4, notices), 'uplink:https')).toEqual(ok({ outcome: 'applied', kind: 'notices', version: 4 }));
    expect(records.catalogue.get(DISTRICT_NOTICE)?.clauses[0]?.text['zh']).toBe(WORDS);
    expect(records.catalogue.has('wuhan-2020-04-02')).toBe(true);
    // The district's catalogue is the whole of what it adds: the hand-placed file no longer counts.
    expect(records.catalogue.has('hand-placed')).toBe(false);
    expect(await records.bundles.offer(bundle(platform, 'policy', 1, policyCitingDistrict()), 'uplink:https')).toEqual(ok({ outcome: 'applied', kind: 'policy', version: 1 }));
    const quoted = (r: Records) => policyViewOf(r.policies.current(), r.catalogue).notices.find((n) => n.id === DISTRICT_NOTICE);
    expect(quoted(records)).toMatchObject({ title: '关于小区出入管理的通知（测试用）', issuer: 'Test district headquarters', clauses: [{ id: '1', quote: [{ language: 'zh', translation: false, text: WORDS }] }] });
    const db = openJournalDb(join(dataDir, 'journal.sqlite'), { readonly: true });
    if (!db.ok) throw new Error(db.error.message);
    const applied = db.value.prepare("SELECT detail FROM events WHERE kind = 'bundle.applied' AND json_extract(detail, '$.kind') = 'notices'").pluck().all() as string[];
    db.value.close();
    expect(applied.map((d) => JSON.parse(d) as unknown)).toEqual([{ kind: 'notices', fromVersion: null, fromSha256: null, toVersion: 4, toSha256: expect.stringMatching(/^[0-9a-f]{64}$/), source: 'uplink:https', kid: 'platform-1' }]);

    records.close();
    records = open();
    // The restart comes up on the policy bundle, which only loads with the stored notices.
    expect(records.firstPolicy.doc.version).toBe('district-1');
    expect(quoted(records)?.clauses[0]?.quote[0]?.text).toBe(WORDS);
    expect(records.catalogue.has('hand-placed')).toBe(false);
    expect(records.bundles.inForce().find((b) => b.kind === 'notices')).toMatchObject({ version: 4, source: 'uplink:https' });
  });

  it('may repeat a shipped notice word for word (without its $schema, its keys in another order): it is the shipped one', async () => {
    f = fixture({ keys: [platform], policy: checksPolicyJson() });
    const { $schema: _, ...wuhan } = wuhanShipped();
    const reordered = Object.fromEntries(Object.entries(wuhan).reverse());
    expect((await f.store.offer(bundle(platform, 'notices', 1, [reordered, testNoticeJson()]), 'uplink:https')).ok).toBe(true);
    expect(f.policies.notices().get('wuhan-2020-04-02')).toMatchObject({ $schema: './notice.schema.json' });
  });
});

describe('a notices bundle refused, everything kept', () => {
  it('when the policy in force cites a notice it drops: bundle.breaks-policy, naming the notice', async () => {
    f = fixture({ keys: [platform], policy: checksPolicyJson() });
    const before = f.policies.notices();
    const reason = await refusedWith(f, bundle(platform, 'notices', 1, [districtNotice()]), 'bundle.breaks-policy');
    expect(reason).toContain(`the notice catalogue has no notice "${TEST_NOTICE_ID}"`);
    expect(reason).toContain('notices.0');
    expectNothingApplied(f, before);
    expect(f.events('bundle.refused').at(-1)?.detail).toMatchObject({ kind: 'notices', version: 1, code: 'bundle.breaks-policy', source: 'uplink:https' });

    // A later catalogue dropping the district notice a policy bundle now cites: refused, version 2 not in force.
    expect((await f.store.offer(bundle(platform, 'notices', 2, [testNoticeJson(), districtNotice()]), 'uplink:https')).ok).toBe(true);
    expect((await f.store.offer(bundle(platform, 'policy', 1, policyCitingDistrict()), 'uplink:https')).ok).toBe(true);
    const inForce = f.policies.notices();
    const dropped = await refusedWith(f, bundle(platform, 'notices', 3, [testNoticeJson(), districtNotice({ clauses: [{ id: '2', text: { zh: '二、别的条款' } }] })]), 'bundle.breaks-policy');
    expect(dropped).toContain(`notice "${DISTRICT_NOTICE}" has no clause "1"`);
    expect(f.policies.notices()).toBe(inForce);
    expect(noticesRow(f)?.version).toBe(2);
    expect(f.policies.current().doc.version).toBe('district-1');
  });

  it('when a notice is not valid: bundle.body-invalid, the field named', async () => {
    f = fixture({ keys: [platform], policy: checksPolicyJson() });
    const before = f.policies.notices();
    const bad = districtNotice({ clauses: [{ id: '1', text: { zh: WORDS }, mandates: [{ kind: 'teleport', directions: ['entry'], population: 'everyone' }] }] });
    const reason = await refusedWith(f, bundle(platform, 'notices', 1, [testNoticeJson(), bad]), 'bundle.body-invalid');
    expect(reason).toMatch(/^body\.1\.clauses\.0\.mandates\.0\.kind: /);
    expect(await refusedWith(f, bundle(platform, 'notices', 1, { notices: [] }), 'bundle.body-invalid')).toBe('body: must be an array');
    expectNothingApplied(f, before);
  });

  it('when an id is given twice: bundle.body-invalid at the second', async () => {
    f = fixture({ keys: [platform], policy: checksPolicyJson() });
    const before = f.policies.notices();
    const reason = await refusedWith(f, bundle(platform, 'notices', 1, [testNoticeJson(), districtNotice(), districtNotice({ issuer: 'Someone else' })]), 'bundle.body-invalid');
    expect(reason).toBe(`body.2.id: "${DISTRICT_NOTICE}" is given twice (first at 1)`);
    expectNothingApplied(f, before);
  });

  it('when it changes a shipped notice under its id: bundle.body-invalid (a changed notice takes a new id)', async () => {
    f = fixture({ keys: [platform], policy: checksPolicyJson() });
    const before = f.policies.notices();
    const edited = { ...wuhanShipped(), issuer: 'Not the Wuhan headquarters' };
    const reason = await refusedWith(f, bundle(platform, 'notices', 1, [testNoticeJson(), edited]), 'bundle.body-invalid');
    expect(reason).toBe('body.1.id: "wuhan-2020-04-02" is a shipped notice, and this one says something else: a changed notice takes a new id');
    expectNothingApplied(f, before);
    expect(f.policies.notices().get('wuhan-2020-04-02')?.issuer).toContain('武汉市');
  });
});

describe('notices and the policy citing them, coming down together', () => {
  it('a pull round offers the notices before the policy, so a policy citing a notice only the new notices bundle has is applied in the same round', async () => {
    f = fixture({ keys: [platform], policy: checksPolicyJson() });
    server = await BundleServer.start({});
    server.publish('policy', bundle(platform, 'policy', 1, policyCitingDistrict()));
    server.publish('notices', bundle(platform, 'notices', 1, [testNoticeJson(), districtNotice()]));
    const fx = f;
    // One round only (the next is 5 minutes away): a policy offered before its notices would stay refused.
    const started = startBundlePull({ config: { bundles: { keys: [platform.config], url: `${server.origin}/bundles`, pullEveryMs: 300_000, policyFile: 'allowed' } }, sink: fx.store, log: capturedLog().log });
    if (!started.ok) throw new Error(started.error.message);
    pull = started.value;
    await waitFor('the round', () => pull?.view()?.lastSuccessAt['issuer-keys'] !== null);
    expect(fx.events('bundle.refused')).toEqual([]);
    expect(fx.events('bundle.applied').map((e) => e.detail['kind'])).toEqual(['policy', 'notices', 'policy']);
    expect(fx.policies.current().doc.version).toBe('district-1');
  });
});

describe('a notices bundle another process applied', () => {
  it('`gate bundle apply` in a process of its own: the running store’s refresh swaps the catalogue, then takes a policy citing it', async () => {
    f = fixture({ keys: [platform], policy: checksPolicyJson() });
    const config = writeConfig(f.dir, f.dir, { policyFile: f.policyFile, bundles: { keys: [platform.config] } });
    const apply = (name: string, text: string): ReturnType<typeof runCommand> => {
      const file = join(f?.dir ?? '', name);
      writeFileSync(file, text);
      return runCommand('bundles/cli.js', 'bundleCommand', ['apply', '--file', file, '--config', config]);
    };
    expect(apply('notices.jws', bundle(platform, 'notices', 1, [testNoticeJson(), districtNotice()]))).toMatchObject({ code: 0, stdout: expect.stringMatching(/^applied notices version 1/) });
    expect(apply('policy.jws', bundle(platform, 'policy', 1, policyCitingDistrict()))).toMatchObject({ code: 0 });
    expect(f.policies.notices().has(DISTRICT_NOTICE)).toBe(false);

    expect(f.store.refresh()).toEqual(ok(true));
    expect(f.policies.notices().get(DISTRICT_NOTICE)?.clauses[0]?.text['zh']).toBe(WORDS);
    expect(f.policies.current().doc.version).toBe('district-1');
    // The CLI checked the catalogue against the policy in force there too: one dropping the test notice is refused.
    expect(apply('bad.jws', bundle(platform, 'notices', 2, [districtNotice()]))).toMatchObject({ code: 1, stderr: expect.stringContaining('bundle.breaks-policy') });
    expect(f.store.refresh()).toEqual(ok(false));
  });
});
