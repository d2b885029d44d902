/** exitsSince counts the admitted exits the journal wrote, live; imports by another process reach a running gate. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../main/journal/journal.js';
import { SqliteRegisters } from '../../main/registers/sqlite-registers.js';
import { input } from '../journal/helpers.js';
import { readEvents } from '../harness/journal.js';
import { type Fixture, fixture, unwrap } from './helpers.js';

let f: Fixture;
let journal: Journal;
let registers: SqliteRegisters;
beforeEach(() => {
  f = fixture();
  journal = unwrap(Journal.open(f.file));
  registers = unwrap(SqliteRegisters.open(f.file));
});
afterEach(() => {
  registers.close();
  journal.close();
  f.close();
});

/** Decision n is at 2024-05-01T10:00:00Z + n seconds. */
const T = (n: number): number => Date.parse('2024-05-01T10:00:00.000Z') + n * 1000;

describe('exitsSince', () => {
  it('counts a household\'s admitted exits at or after a time, and nothing else', () => {
    const exit = { verdict: 'admit', direction: 'exit' } as const;
    unwrap(journal.record(input(0, { household: 'H-1', decision: exit })));
    unwrap(journal.record(input(1, { household: 'H-1', decision: exit })));
    unwrap(journal.record(input(2, { household: 'H-1', decision: { verdict: 'admit', direction: 'entry' } })));
    unwrap(journal.record(input(3, { household: 'H-1', decision: { verdict: 'deny', direction: 'exit' } })));
    unwrap(journal.record(input(4, { household: 'H-2', decision: exit })));
    unwrap(journal.record(input(5, { household: 'H-1', decision: exit })));
    expect(registers.exitsSince('H-1', T(0))).toBe(3);
    expect(registers.exitsSince('H-1', T(1))).toBe(2);
    expect(registers.exitsSince('H-1', T(1) + 1)).toBe(1);
    expect(registers.exitsSince('H-1', T(6))).toBe(0);
    expect(registers.exitsSince('H-2', T(0))).toBe(1);
    expect(registers.exitsSince('H-3', T(0))).toBe(0);
  });

  it('sees each exit as soon as it is committed, without a reload', () => {
    expect(registers.exitsSince('H-1', T(0))).toBe(0);
    unwrap(journal.record(input(0, { household: 'H-1', decision: { verdict: 'admit', direction: 'exit' } })));
    expect(registers.exitsSince('H-1', T(0))).toBe(1);
  });
});

describe('reload', () => {
  it('reloadIfChanged picks up an import made on another connection, once', () => {
    expect(registers.residentHousehold('a'.repeat(64))).toBeUndefined();
    expect(registers.reloadIfChanged()).toEqual({ ok: true, value: false });
    unwrap(f.import('residents', [{ ref: 'a'.repeat(64), household: 'H-1' }]));
    expect(registers.residentHousehold('a'.repeat(64))).toBeUndefined();
    expect(registers.reloadIfChanged()).toEqual({ ok: true, value: true });
    expect(registers.residentHousehold('a'.repeat(64))).toBe('H-1');
    expect(registers.reloadIfChanged()).toEqual({ ok: true, value: false });
  });

  it('a reload that finds an edited row fails and keeps the registers it had', () => {
    unwrap(f.import('residents', [{ ref: 'a'.repeat(64), household: 'H-1' }]));
    unwrap(registers.reload());
    f.db.prepare("INSERT INTO issuer_keys (kid, issuer, typs, public_jwk) VALUES ('k', 'i', 'not json', '{}')").run();
    expect(registers.reload()).toMatchObject({ ok: false, error: { code: 'registers.bad-row' } });
    expect(registers.residentHousehold('a'.repeat(64))).toBe('H-1');
  });
});

describe('issuer keys and the district key', () => {
  it('come back in the shape the credential verifier takes', () => {
    const x = 'VWnQkj1VeVJbND2vV95tmmYnDriZy_HkXNTAQnrDIII';
    unwrap(
      f.import('issuer-keys', [
        { kid: 'hc-1', issuer: 'district-hc', typs: ['gate-hc+jwt'], publicJwk: { kty: 'OKP', crv: 'Ed25519', x }, notBefore: 1_793_491_200_000, notAfter: 1_800_000_000_000 },
        { kid: 'pass-1', issuer: 'estate', typs: ['gate-pass+jwt'], publicJwk: { kty: 'OKP', crv: 'Ed25519', x }, notBefore: null, notAfter: null },
      ]),
    );
    unwrap(f.import('district-key', { key: 'AB'.repeat(32) }));
    unwrap(registers.reload());
    expect(registers.issuerKey('hc-1')).toEqual({
      kid: 'hc-1',
      issuer: 'district-hc',
      typs: ['gate-hc+jwt'],
      publicJwk: { kty: 'OKP', crv: 'Ed25519', x },
      notBefore: 1_793_491_200_000,
      notAfter: 1_800_000_000_000,
    });
    expect(registers.issuerKey('pass-1')).toMatchObject({ notBefore: null, notAfter: null });
    expect(registers.issuerKey('constructor')).toBeUndefined();
    expect(registers.districtKey()).toEqual(new Uint8Array(32).fill(0xab));
  });
});

/** On a lane with a passage input, the exit quota counts the passages seen, not the admits. */
const T0 = Date.parse('2024-05-01T10:00:00.000Z');
const exit = { verdict: 'admit', direction: 'exit' } as const;

describe('exit quotas on a lane with a passage input', () => {
  it('an admit counts once its passage is seen; an admit nobody passed does not count', () => {
    const passed = unwrap(journal.record({ ...input(0, { household: 'H-1', decision: exit }), passageSensed: true }));
    const notPassed = unwrap(journal.record({ ...input(1, { household: 'H-1', decision: exit }), passageSensed: true }));
    expect(registers.exitsSince('H-1', T0)).toBe(0); // nothing assumed at the admit
    const outcome = { lane: 'l1', direction: 'exit', household: 'H-1' } as const;
    unwrap(journal.recordPassage({ ...outcome, at: new Date(T0 + 2000).toISOString(), decisionSeq: passed.seq, decisionId: passed.id, passed: true, afterMs: 1200 }));
    unwrap(journal.recordPassage({ ...outcome, at: new Date(T0 + 6000).toISOString(), decisionSeq: notPassed.seq, decisionId: notPassed.id, passed: false, afterMs: 5000 }));
    expect(registers.exitsSince('H-1', T0)).toBe(1);
    const events = readEvents(f.file, ['passage.confirmed', 'passage.not-passed']);
    expect(events.map((e) => [e.kind, e.detail['seq']])).toEqual([
      ['passage.confirmed', passed.seq],
      ['passage.not-passed', notPassed.seq],
    ]);
    expect(unwrap(journal.verifyChain()).checked).toBe(2); // the decisions' chain is untouched
  });

  it('a lane without one still counts every admitted exit', () => {
    unwrap(journal.record(input(0, { household: 'H-1', decision: exit })));
    expect(registers.exitsSince('H-1', T0)).toBe(1);
  });
});
