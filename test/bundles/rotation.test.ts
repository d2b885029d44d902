/**
 * A district-key bundle: the new key and the lists hashed under it come into force together, the key in a
 * file named by its fingerprint; any refusal (another gate, a sealed key that does not open, an inner list
 * that is old, untrusted or hashed under another key) leaves the old key and lists in force.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { districtKeyFileName, keyFingerprint } from '../../main/registers/district-key-file.js';
import { importRegister } from '../../main/registers/import.js';
import { checksPolicyJson } from '../fixtures/policy.js';
import { bundle, fixture, GATE_ID, rotation, signer, testSeal, type Fixture, type Signer } from './helpers.js';

const platform = signer('platform-1', ['residents', 'quarantine', 'district-key']);
const stranger = signer('stranger', ['residents']);
const OLD = Buffer.alloc(32, 1);
const NEW = Buffer.alloc(32, 2);
const fp = (k: Uint8Array): string => keyFingerprint(k);

const residentsUnder = (key: Uint8Array, version: number, by: Signer = platform): string =>
  bundle(by, 'residents', version, [{ ref: fp(key).repeat(4), household: `H-${fp(key)}` }], { hashedUnder: fp(key) });
const quarantineUnder = (key: Uint8Array, version: number): string =>
  bundle(platform, 'quarantine', version, [{ ref: fp(key).repeat(4), from: '2026-11-01T00:00:00Z' }], { hashedUnder: fp(key) });

let f: Fixture;
beforeEach(async () => {
  f = fixture({ keys: [platform], policy: checksPolicyJson() });
  expect(importRegister(f.db, 'district-key', { key: OLD.toString('hex') }, { nowMs: Date.now(), source: 'key.json' }).ok).toBe(true);
  expect((await f.store.offer(residentsUnder(OLD, 1), 'uplink:https')).ok).toBe(true);
  expect((await f.store.offer(quarantineUnder(OLD, 1), 'uplink:https')).ok).toBe(true);
});
afterEach(() => f.close());

const lists = (): unknown => ({
  key: fp(f.registers.districtKey() ?? new Uint8Array()),
  residents: f.db.prepare('SELECT ref, household FROM residents').all(),
  quarantine: f.db.prepare('SELECT ref FROM quarantine').all(),
  files: readdirSync(f.dir).filter((n) => n.startsWith('district')).sort(),
});
const oldPair = (): unknown => ({
  key: fp(OLD),
  residents: [{ ref: fp(OLD).repeat(4), household: `H-${fp(OLD)}` }],
  quarantine: [{ ref: fp(OLD).repeat(4) }],
  files: [districtKeyFileName(fp(OLD))],
});

describe('a rotation', () => {
  it('swaps the key and both lists in one change, journaled, the new key in its own 0600 file and the old one removed', async () => {
    expect(lists()).toEqual(oldPair());
    const r = await f.store.offer(rotation(platform, 1, NEW, { residents: residentsUnder(NEW, 2), quarantine: quarantineUnder(NEW, 2) }), 'uplink:mqtt');
    expect(r).toEqual({ ok: true, value: { outcome: 'applied', kind: 'district-key', version: 1 } });
    expect(lists()).toEqual({
      key: fp(NEW),
      residents: [{ ref: fp(NEW).repeat(4), household: `H-${fp(NEW)}` }],
      quarantine: [{ ref: fp(NEW).repeat(4) }],
      files: [districtKeyFileName(fp(NEW))],
    });
    expect(statSync(join(f.dir, districtKeyFileName(fp(NEW)))).mode & 0o777).toBe(0o600);
    expect(f.events('bundle.applied').slice(-3).map((e) => [e.detail['kind'], e.detail['fromVersion'], e.detail['toVersion']])).toEqual([
      ['district-key', null, 1],
      ['residents', 1, 2],
      ['quarantine', 1, 2],
    ]);
    // The registers followed the committed fingerprint (a residents lookup by the new ref).
    expect(f.registers.residentHousehold(fp(NEW).repeat(4))).toBe(`H-${fp(NEW)}`);
  });

  it('then residents hashed under the new key apply alone, and under the old key are refused', async () => {
    await f.store.offer(rotation(platform, 1, NEW, { residents: residentsUnder(NEW, 2), quarantine: quarantineUnder(NEW, 2) }), 'uplink:mqtt');
    expect(await f.store.offer(residentsUnder(OLD, 3), 'uplink:https')).toMatchObject({ ok: false, error: { code: 'bundle.wrong-district-key' } });
    expect((await f.store.offer(residentsUnder(NEW, 3), 'uplink:https')).ok).toBe(true);
  });
});

describe('a refused rotation leaves the old key and lists', () => {
  const refused = async (text: string, code: string, reason: RegExp): Promise<void> => {
    const r = await f.store.offer(text, 'uplink:mqtt');
    expect(r).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(reason) } });
    expect(f.events('bundle.refused').at(-1)?.detail).toMatchObject({ kind: 'district-key', version: 1, code });
    expect(lists()).toEqual(oldPair());
    expect(existsSync(join(f.dir, districtKeyFileName(fp(NEW)))), 'no file of a refused key').toBe(false);
  };
  const good = { residents: (): string => residentsUnder(NEW, 2), quarantine: (): string => quarantineUnder(NEW, 2) };

  it('sealed for another gate id', async () => {
    await refused(rotation(platform, 1, NEW, { residents: good.residents(), quarantine: good.quarantine() }, 'gate-8'), 'bundle.not-for-this-gate', new RegExp(`sealed for gate "gate-8", and this gate is "${GATE_ID}"`));
  });

  it('sealed to another gate key', async () => {
    const text = bundle(platform, 'district-key', 1, { sealedKey: testSeal(NEW, 'O'.repeat(43)), residents: good.residents(), quarantine: good.quarantine() }, { gate: GATE_ID });
    await refused(text, 'bundle.not-for-this-gate', /sealed to gate key O{43}/);
  });

  it('a sealed key that does not open', async () => {
    const text = bundle(platform, 'district-key', 1, { sealedKey: { ...testSeal(NEW), enc: 'BBBB' }, residents: good.residents(), quarantine: good.quarantine() }, { gate: GATE_ID });
    await refused(text, 'bundle.unsealable', /does not open/);
  });

  it('an inner list hashed under the old key', async () => {
    await refused(rotation(platform, 1, NEW, { residents: residentsUnder(OLD, 2), quarantine: good.quarantine() }), 'bundle.wrong-district-key', /^the residents bundle inside: /);
  });

  it('an inner list older than the one in force', async () => {
    await refused(rotation(platform, 1, NEW, { residents: good.residents(), quarantine: quarantineUnder(NEW, 1) }), 'bundle.rollback', /^the quarantine bundle inside: quarantine version 1 is in force already with different content/);
  });

  it('an inner list signed by a key the gate does not trust', async () => {
    await refused(rotation(platform, 1, NEW, { residents: residentsUnder(NEW, 2, stranger), quarantine: good.quarantine() }), 'bundle.unknown-key', /^the residents bundle inside: signed by "stranger"/);
  });

  it('an inner bundle of the wrong kind, and a body of the wrong shape', async () => {
    await refused(rotation(platform, 1, NEW, { residents: good.quarantine(), quarantine: good.quarantine() }), 'bundle.body-invalid', /residents: holds a quarantine bundle/);
    await refused(bundle(platform, 'district-key', 1, { sealedKey: testSeal(NEW), residents: good.residents() }, { gate: GATE_ID }), 'bundle.body-invalid', /district-key body: quarantine:/);
  });
});
