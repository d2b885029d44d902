/** Register import: field-named row failures, all or nothing, the ID-number convenience, and an event per import. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { districtKeyFileName, keyFingerprint } from '../../main/registers/district-key-file.js';
import { SqliteRegisters } from '../../main/registers/sqlite-registers.js';
import { resourcePath } from '../../main/resources.js';
import { classifyScan } from '../../src/identity/classify.js';
import { DISTRICT_KEY, type Fixture, NOW, fixture, unwrap } from './helpers.js';

let f: Fixture;
beforeEach(() => {
  f = fixture();
});
afterEach(() => f.close());

const ref = (c: string): string => c.repeat(64);
const messages = (r: { ok: boolean; error?: readonly { message: string }[] }): string[] => (r.error ?? []).map((e) => e.message);
const residents = (): unknown[] => f.db.prepare('SELECT ref, household FROM residents ORDER BY ref').all();
const events = (): { kind: string; detail: Record<string, unknown> }[] =>
  (f.db.prepare('SELECT kind, detail FROM events ORDER BY id').all() as { kind: string; detail: string }[]).map((e) => ({ kind: e.kind, detail: JSON.parse(e.detail) as Record<string, unknown> }));

describe('validation', () => {
  beforeEach(() => {
    unwrap(f.import('residents', [{ ref: ref('a'), household: 'A-1' }]));
  });

  it('names every failing row and field, and leaves the previous register as it was', () => {
    const r = f.import('residents', [
      { ref: ref('b'), household: 'B-1' },
      { ref: ref('c'), household: '  ' },
      { ref: 'xyz', household: 'C-1' },
      { ref: ref('d'), household: 'D-1', flat: 3 },
      { household: 'E-1' },
      { ref: ref('b'), household: 'B-2' },
    ]);
    expect(r.ok).toBe(false);
    expect(messages(r)).toEqual([
      'row 2: household: must not be empty',
      'row 3: ref: must be 64 hexadecimal characters',
      'row 4: (row): Unrecognized key: "flat"',
      'row 5: ref: give exactly one of ref and idNumber',
      'row 6: ref: the same person as row 1',
    ]);
    expect(residents()).toEqual([{ ref: ref('a'), household: 'A-1' }]);
    expect(events().map((e) => e.kind)).toEqual(['registers.imported']);
  });

  it('refuses a document that is not an array of rows', () => {
    expect(messages(f.import('residents', { ref: ref('b') }))).toEqual(['(root): must be a JSON array of rows']);
    expect(residents()).toHaveLength(1);
  });

  it('checks each register\'s fields and intervals', () => {
    expect(messages(f.import('quarantine', [{ ref: ref('a'), from: '2026-11-20', until: null }, { ref: ref('a'), from: '2026-11-20T00:00:00Z', until: '2026-11-19T00:00:00Z' }]))).toEqual([
      'row 1: from: must be an ISO 8601 instant with a zone, e.g. 2026-11-22T08:00:00+08:00',
      'row 2: until: must be after from',
    ]);
    const areas = [
      { area: '4201', level: 'high', from: '2026-11-01' },
      { area: '420106', level: 'low', from: '2026-11-01' },
      { area: '420106', level: 'high', from: '2026-11-01', until: '2026-10-01' },
      { area: '420106', level: 'high', from: '2026-11-31' },
    ];
    expect(messages(f.import('risk-areas', areas))).toEqual([
      'row 1: area: must be a 6-digit division code',
      'row 2: level: Invalid option: expected one of "high"|"medium"',
      'row 3: until: must not be before from',
      'row 4: from: must be a day, YYYY-MM-DD',
    ]);
    const key = { kid: 'k1', issuer: 'hc', typs: ['gate-hc+jwt'], publicJwk: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), d: 'B'.repeat(43) }, notBefore: null, notAfter: null };
    expect(messages(f.import('issuer-keys', [key]))).toEqual(['row 1: publicJwk.d: a private key must never be distributed as an issuer key']);
    const { d: _d, ...pub } = key.publicJwk;
    expect(messages(f.import('issuer-keys', [{ ...key, publicJwk: pub }, { ...key, publicJwk: pub }]))).toEqual(['row 2: kid: the same kid as row 1']);
    expect(messages(f.import('district-key', { key: 'abc' }))).toEqual(['key: must be 64 hexadecimal characters']);
  });

  it('lists at most 50 failing rows, and counts the rest', () => {
    const r = f.import('residents', Array.from({ length: 80 }, () => ({ ref: 'bad', household: 'x' })));
    expect(messages(r)).toHaveLength(51);
    expect(messages(r).at(-1)).toBe('… and 30 more');
  });
});

describe('ID numbers', () => {
  it('are hashed with the district key exactly as a scanned ID card is, and never stored', () => {
    expect(messages(f.import('residents', [{ idNumber: '11010519491231002x', household: 'A-1' }]))).toEqual([
      'row 1: idNumber: import the district key first (gate import district-key), or give ref',
    ]);
    unwrap(f.import('district-key', { key: DISTRICT_KEY }));
    unwrap(f.import('residents', [{ idNumber: '11010519491231002x', household: 'A-1' }]));
    const scanned = classifyScan('11010519491231002X', { hmacKey: Buffer.from(DISTRICT_KEY, 'hex'), refKey: 'district' });
    if (!scanned.ok) throw new Error(scanned.error.code);
    expect(residents()).toEqual([{ ref: scanned.value.ref, household: 'A-1' }]);
    expect(readFileSync(f.file).includes('11010519491231002')).toBe(false);
  });

  it('with a wrong check digit fail without repeating the number', () => {
    unwrap(f.import('district-key', { key: DISTRICT_KEY }));
    const r = f.import('quarantine', [{ idNumber: '110105194912310021', from: '2026-11-20T00:00:00Z' }]);
    expect(messages(r)).toEqual(['row 1: idNumber: the check digit or birth date is wrong']);
    expect(JSON.stringify(r)).not.toContain('110105194912310021');
  });

  it('a changed district key warns that the hashed registers must be re-imported', () => {
    unwrap(f.import('district-key', { key: DISTRICT_KEY }));
    unwrap(f.import('residents', [{ ref: ref('a'), household: 'A-1' }]));
    expect(unwrap(f.import('district-key', { key: DISTRICT_KEY })).warnings).toEqual([]);
    const changed = unwrap(f.import('district-key', { key: 'f'.repeat(64) }));
    expect(changed.warnings).toEqual([expect.stringMatching(/^the district key changed \([0-9a-f]{16} → [0-9a-f]{16}\): re-import residents and quarantine/)]);
  });
});

describe('the district key', () => {
  const fileOf = (hex: string): string => join(f.dir, districtKeyFileName(keyFingerprint(Buffer.from(hex, 'hex'))));

  it('lives in its own 0600 file beside the journal, named by its fingerprint, never in the journal', () => {
    unwrap(f.import('district-key', { key: DISTRICT_KEY }));
    const keyFile = fileOf(DISTRICT_KEY);
    expect(readFileSync(keyFile).toString('hex')).toBe(DISTRICT_KEY);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const inJournal = [f.file, `${f.file}-wal`].filter((file) => {
      if (!existsSync(file)) return false;
      const bytes = readFileSync(file);
      return bytes.includes(Buffer.from(DISTRICT_KEY, 'hex')) || bytes.includes(Buffer.from(DISTRICT_KEY));
    });
    expect(inJournal).toEqual([]);
    expect(events().map((e) => e.kind)).toEqual(['registers.imported']);
  });

  it('is read from its file by the registers, and a running gate picks a new one up with the generation', () => {
    unwrap(f.import('district-key', { key: DISTRICT_KEY }));
    const registers = unwrap(SqliteRegisters.open(f.file));
    expect(Buffer.from(registers.districtKey() ?? []).toString('hex')).toBe(DISTRICT_KEY);
    unwrap(f.import('district-key', { key: 'ab'.repeat(32) }));
    expect(registers.reloadIfChanged()).toEqual({ ok: true, value: true });
    expect(registers.districtKey()).toEqual(new Uint8Array(32).fill(0xab));
    expect(existsSync(fileOf(DISTRICT_KEY)), 'the old key file is removed once the new one is committed').toBe(false);
    writeFileSync(fileOf('ab'.repeat(32)), 'not a key');
    expect(registers.reload()).toMatchObject({ ok: false, error: { code: 'registers.bad-district-key' } });
    expect(registers.districtKey()).toEqual(new Uint8Array(32).fill(0xab));
    registers.close();
  });
});

describe('replacing', () => {
  it('an import replaces the register, is journaled as an event, and bumps the generation', () => {
    unwrap(f.import('residents', [{ ref: ref('a'), household: 'A-1' }, { ref: ref('b'), household: 'B-1' }]));
    expect(unwrap(f.import('residents', [{ ref: ref('C'), household: 'C-1' }]))).toEqual({ register: 'residents', rows: 1, replaced: 2, warnings: [] });
    expect(residents()).toEqual([{ ref: ref('c'), household: 'C-1' }]);
    expect(events()).toEqual([
      { kind: 'registers.imported', detail: { register: 'residents', rows: 2, replaced: 0, source: 'residents.json', sha256: null, generation: 1 } },
      { kind: 'registers.imported', detail: { register: 'residents', rows: 1, replaced: 2, source: 'residents.json', sha256: null, generation: 2 } },
    ]);
    expect(f.db.prepare("SELECT at FROM events").pluck().all()).toEqual([new Date(NOW).toISOString(), new Date(NOW).toISOString()]);
  });
});

describe('the shipped examples', () => {
  it('import, and match what the gate computes for the scanned ID cards', () => {
    for (const kind of ['district-key', 'residents', 'quarantine', 'risk-areas', 'issuer-keys'] as const) {
      unwrap(f.import(kind, JSON.parse(readFileSync(join(resourcePath('registers', 'examples'), `${kind}.json`), 'utf8'))));
    }
    const registers = unwrap(SqliteRegisters.open(f.file));
    const key = registers.districtKey();
    if (key === undefined) throw new Error('no district key');
    const refOf = (id: string): string => {
      const c = classifyScan(id, { hmacKey: key, refKey: 'district' });
      if (!c.ok) throw new Error(c.error.code);
      return c.value.ref;
    };
    expect(registers.residentHousehold(refOf('11010519491231002X'))).toBe('B3-1201');
    expect(registers.residentHousehold(refOf('440524188001010014'))).toBe('B3-1201');
    expect(registers.residentHousehold(refOf('53010219200508011X'))).toBe('C1-0402');
    expect(registers.quarantined(refOf('53010219200508011X'), Date.parse('2026-11-22T00:00:00Z'))).toBe(true);
    expect(registers.riskLevel('420106', '2026-11-20')).toBe('high');
    expect(registers.issuerKey('district-hc-2026')).toMatchObject({ notBefore: Date.parse('2026-11-01T00:00:00Z'), notAfter: null });
    expect(registers.counts()).toEqual({ generation: 5, residents: 3, quarantined: 2, riskAreas: 2, issuerKeys: 1, districtKey: true });
    registers.close();
  });
});
