/**
 * A tampered or out-of-order bundle is refused with a clear reason, journaled `bundle.refused`, and what is
 * in force stays: the register's rows, the row in `bundles`, the policy.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRegister } from '../../main/registers/import.js';
import { capturedLog } from '../harness/captured-log.js';
import { checksPolicyJson } from '../fixtures/policy.js';
import { DISTRICT_KEY } from '../registers/helpers.js';
import { bundle, fingerprintOf, fixture, signer, type Fixture } from './helpers.js';

const platform = signer('platform-1', ['policy', 'residents', 'quarantine', 'risk-areas', 'issuer-keys', 'district-key']);
const noticesOnly = signer('notices-1', ['notices']);
const stranger = signer('stranger', ['risk-areas']);

const AREAS_V2 = [{ area: '420106', level: 'high', from: '2026-11-01' }];

let f: Fixture;
let logged: ReturnType<typeof capturedLog>;
let inForceBefore: unknown;
let rowsBefore: unknown;
let policyBefore: string;

const state = (): unknown => ({ inForce: f.store.inForce(), rows: f.db.prepare('SELECT * FROM risk_areas').all(), policy: f.policies.current().sha256 });

beforeEach(async () => {
  logged = capturedLog();
  f = fixture({ keys: [platform, noticesOnly], policy: checksPolicyJson(), log: logged.log });
  expect(await f.store.offer(bundle(platform, 'risk-areas', 2, AREAS_V2), 'uplink:https')).toEqual({ ok: true, value: { outcome: 'applied', kind: 'risk-areas', version: 2 } });
  inForceBefore = f.store.inForce();
  rowsBefore = f.db.prepare('SELECT * FROM risk_areas').all();
  policyBefore = f.policies.current().sha256;
});
afterEach(() => f.close());

/** Offers `text`; expects the refusal `code` (and `reason`), journaled, and nothing changed. */
async function refused(text: string, code: string, reason: RegExp, kind: string | null = 'risk-areas', version: number | null = 3): Promise<void> {
  const before = f.events('bundle.refused').length;
  const r = await f.store.offer(text, 'uplink:mqtt');
  expect(r).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(reason) } });
  const journaled = f.events('bundle.refused');
  expect(journaled).toHaveLength(before + 1);
  expect(journaled.at(-1)?.detail).toEqual({ kind, version, code, reason: r.ok ? '' : r.error.message, source: 'uplink:mqtt' });
  expect(logged.lines.at(-1)).toMatchObject({ msg: 'bundle refused; what is in force stays', code, kind, version, source: 'uplink:mqtt' });
  expect(f.store.inForce()).toEqual(inForceBefore);
  expect(f.db.prepare('SELECT * FROM risk_areas').all()).toEqual(rowsBefore);
  expect(f.policies.current().sha256).toBe(policyBefore);
  expect(state()).toEqual({ inForce: inForceBefore, rows: rowsBefore, policy: policyBefore });
}

describe('the signature and the key', () => {
  it('a bad signature: one character of the signature changed', async () => {
    const good = bundle(platform, 'risk-areas', 3, []);
    const sig = good.slice(good.lastIndexOf('.') + 1);
    const flipped = `${good.slice(0, good.lastIndexOf('.') + 1)}${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    await refused(flipped, 'bundle.bad-signature', /does not verify with key "platform-1"/, null, null);
  });

  it('a changed payload under the original signature', async () => {
    const good = bundle(platform, 'risk-areas', 3, []).split('.');
    const payload = Buffer.from(JSON.stringify({ format: 'gate.bundle/1', kind: 'risk-areas', version: 9, issuedAt: '2026-11-22T08:00:00Z', body: [] })).toString('base64url');
    await refused(`${good[0]}.${payload}.${good[2]}`, 'bundle.bad-signature', /does not verify/, null, null);
  });

  it('a key the gate does not trust, and a trusted kid signed with another key', async () => {
    await refused(bundle(stranger, 'risk-areas', 3, []), 'bundle.unknown-key', /signed by "stranger", which is not a configured bundle key/, null, null);
    const impostor = { ...signer('platform-1', ['risk-areas']) };
    await refused(bundle(impostor, 'risk-areas', 3, []), 'bundle.bad-signature', /does not verify with key "platform-1"/, null, null);
  });

  it('a kind the key may not sign: the signed claims name the kind and version', async () => {
    await refused(bundle(noticesOnly, 'risk-areas', 3, []), 'bundle.kind-not-allowed', /key "notices-1" may sign notices, not a risk-areas bundle/, 'risk-areas', 3);
  });

  it('truncated anywhere', async () => {
    const good = bundle(platform, 'risk-areas', 3, []);
    for (const at of [1, 20, Math.floor(good.length / 2), good.lastIndexOf('.'), good.lastIndexOf('.') + 1, good.length - 1]) {
      const before = f.events('bundle.refused').length;
      const r = await f.store.offer(good.slice(0, at), 'uplink:mqtt');
      expect(r.ok, `cut at ${at}`).toBe(false);
      expect(r.ok ? '' : r.error.code, `cut at ${at}`).toMatch(/^bundle\.(malformed|bad-signature)$/);
      expect(f.events('bundle.refused')).toHaveLength(before + 1);
      expect(state()).toEqual({ inForce: inForceBefore, rows: rowsBefore, policy: policyBefore });
    }
  });
});

describe('versions', () => {
  it('an older version replayed', async () => {
    await refused(bundle(platform, 'risk-areas', 1, []), 'bundle.rollback', /risk-areas version 1 is older than version 2 in force/, 'risk-areas', 1);
  });

  it('the same version with different content', async () => {
    await refused(bundle(platform, 'risk-areas', 2, []), 'bundle.rollback', /version 2 is in force already with different content/, 'risk-areas', 2);
  });

  it('the very bundle in force again is unchanged, and journals nothing', async () => {
    const events = f.events().length;
    const again = await f.store.offer(bundle(platform, 'risk-areas', 2, AREAS_V2), 'uplink:https');
    // Ed25519 signatures are deterministic: the same claims signed again are the same bytes.
    expect(again).toEqual({ ok: true, value: { outcome: 'unchanged', kind: 'risk-areas', version: 2 } });
    expect(f.events()).toHaveLength(events);
  });
});

describe('bodies', () => {
  it('a register body that fails its format, field-named', async () => {
    await refused(
      bundle(platform, 'risk-areas', 3, [AREAS_V2[0], { area: '12', level: 'high', from: '2026-11-01' }]),
      'bundle.body-invalid',
      /^risk-areas body: row 2: area: must be a 6-digit division code$/,
    );
  });

  it('a policy body that fails its format, field-named', async () => {
    const broken = { ...checksPolicyJson(), rules: 'none' };
    await refused(bundle(platform, 'policy', 1, broken), 'bundle.body-invalid', /^policy body: .*rules/, 'policy', 1);
  });

  it('residents hashed under another district key than the one in force', async () => {
    expect(importRegister(f.db, 'district-key', { key: DISTRICT_KEY }, { nowMs: Date.now(), source: 'key.json' }).ok).toBe(true);
    expect(f.store.refresh()).toEqual({ ok: true, value: true });
    inForceBefore = f.store.inForce();
    const other = fingerprintOf(Buffer.alloc(32, 9));
    await refused(
      bundle(platform, 'residents', 1, [{ ref: 'a'.repeat(64), household: 'A-1' }], { hashedUnder: other }),
      'bundle.wrong-district-key',
      new RegExp(`hashed under district key ${other}, but ${fingerprintOf(Buffer.from(DISTRICT_KEY, 'hex'))} is in force`),
      'residents',
      1,
    );
  });
});
