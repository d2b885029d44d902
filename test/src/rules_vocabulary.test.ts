/** The full vocabulary on the shipped Shijiazhuang example policy, one situation per test. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Evidence, HealthCodeEvidence } from '../../src/domain.js';
import { decide } from '../../src/policy/engine.js';
import { shippedCatalogue } from '../../main/notices/load.js';
import { parsePolicy, validatePolicy } from '../../src/policy/load.js';
import type { Registers } from '../../src/registers.js';
import { clockAt, reading } from '../fixtures/policy.js';

const file = fileURLToPath(new URL('../../resources/policy/shijiazhuang-2021-wartime.json', import.meta.url));
const parsed = parsePolicy(readFileSync(file, 'utf8'), shippedCatalogue());
if (!parsed.ok) throw new Error('example policy invalid');
const policy = parsed.value;

const NOW = Date.parse('2021-01-10T04:00:00Z'); // 12:00 in Shijiazhuang
const resident = { kind: 'resident-id' as const, masked: '1301**********0011', ref: 'r-resident', refKey: 'district' as const };
const registers = (over: Partial<Registers> = {}): Registers => ({
  residentHousehold: (ref) => (ref === 'r-resident' || ref === 'r-spouse' ? 'h-7' : undefined),
  quarantined: () => false,
  riskLevel: () => undefined,
  exitsSince: () => 0,
  ...over,
});
const green = (over: Partial<Extract<HealthCodeEvidence, { status: 'verified' }>> = {}): HealthCodeEvidence => ({
  status: 'verified', via: 'signed-qr', colour: 'green', subject: 'r-resident', issuer: 'hebei-hc', issuedAt: NOW - 3_600_000, ...over,
});
const evidence = (over: Partial<Evidence> = {}): Evidence => ({
  identity: resident,
  temperatures: [reading(36.5, NOW)],
  healthCode: green(),
  travel: { status: 'verified', via: 'signed-travel-code', subject: 'r-resident', issuedAt: NOW, visited: [] },
  ...over,
});
const run = (ev: Evidence, direction: 'entry' | 'exit', regs = registers(), trusted = true) =>
  decide(policy, ev, { direction, clock: clockAt(NOW, trusted), registers: regs });
const outcome = (d: ReturnType<typeof run>, id: string) => d.rules.find((r) => r.id === id);

describe('the full rule vocabulary', () => {
  it('admits a resident with a green code and a normal temperature, both ways', () => {
    expect(run(evidence(), 'entry').verdict).toBe('admit');
    expect(run(evidence(), 'exit').verdict).toBe('admit');
  });

  it.each([
    ['red', 'deny'],
    ['yellow', 'refer'],
  ] as const)('gives a %s code the outcome the policy sets for it (%s)', (colour, verdict) => {
    const d = run(evidence({ healthCode: green({ colour }) }), 'entry');
    expect(d.verdict).toBe(verdict);
    expect(outcome(d, 'scan-code')).toMatchObject({ outcome: 'FAILED', effect: verdict, values: { colour } });
  });

  it('fails a stale code, and a code issued to someone else', () => {
    expect(outcome(run(evidence({ healthCode: green({ issuedAt: NOW - 25 * 3_600_000 }) }), 'entry'), 'scan-code')?.values).toMatchObject({ stale: true });
    expect(outcome(run(evidence({ healthCode: green({ subject: 'r-other' }) }), 'entry'), 'scan-code')?.values).toMatchObject({ subjectMismatch: true });
  });

  it('refers when the online check could not be completed', () => {
    const d = run(evidence({ healthCode: { status: 'unverifiable', via: 'online', reason: 'timeout' } }), 'entry');
    expect(d.verdict).toBe('refer');
  });

  it('stops a quarantined resident at the exit lane and lets them in at the entry lane', () => {
    const regs = registers({ quarantined: (ref) => ref === 'r-resident' });
    expect(run(evidence(), 'exit', regs)).toMatchObject({ verdict: 'deny' });
    expect(outcome(run(evidence(), 'exit', regs), 'key-populations')?.outcome).toBe('FAILED');
    expect(run(evidence(), 'entry', regs).verdict).toBe('admit');
  });

  it('refuses a second household member once the exit quota is used', () => {
    const regs = registers({ exitsSince: (h, since) => (h === 'h-7' && since === NOW - 2 * 86_400_000 ? 1 : 0) });
    const spouse = { ...resident, ref: 'r-spouse' };
    const d = run(evidence({ identity: spouse, healthCode: green({ subject: 'r-spouse' }) }), 'exit', regs);
    expect(d.verdict).toBe('deny');
    expect(outcome(d, 'minimise-movement')).toMatchObject({ outcome: 'FAILED', values: { used: 1, maxExits: 1, perDays: 2 } });
  });

  it('denies outsiders at the entry, but lets registered medical staff in', () => {
    const visitor = { kind: 'manual' as const, masked: '张* …1234', ref: 'r-visitor', refKey: 'district' as const };
    const base = evidence({ identity: visitor, healthCode: green({ subject: 'r-visitor' }), travel: { status: 'verified', via: 'signed-travel-code', subject: 'r-visitor', issuedAt: NOW, visited: [] } });
    expect(run(base, 'entry').verdict).toBe('deny');
    const medic = run({ ...base, registration: { fields: ['name', 'phone', 'destination'], category: 'medical', sealedId: 's', by: 'g1' } }, 'entry');
    expect(medic.verdict).toBe('admit');
  });

  it('refers a non-resident whose information was not recorded', () => {
    const medic = { kind: 'manual' as const, masked: '李* …9876', ref: 'r-medic', refKey: 'district' as const };
    const d = run(evidence({ identity: medic, healthCode: green({ subject: 'r-medic' }), registration: { fields: ['name'], category: 'medical', sealedId: 's', by: 'g1' } }), 'entry');
    expect(outcome(d, 'registration')).toMatchObject({ outcome: 'MISSING_EVIDENCE', values: { missing: ['phone', 'destination'] } });
    expect(d.verdict).toBe('refer');
  });

  it('refers someone who was in a listed area within the window', () => {
    const regs = registers({ riskLevel: (area, day) => (area === '130104' && day >= '2021-01-02' ? 'high' : undefined) });
    const d = run(evidence({ travel: { status: 'verified', via: 'declaration', subject: 'r-resident', issuedAt: NOW, visited: [{ area: '130104', lastDay: '2021-01-05' }] } }), 'entry', regs);
    expect(outcome(d, 'incoming-travel')).toMatchObject({ outcome: 'FAILED', values: { hits: [{ area: '130104', lastDay: '2021-01-05', level: 'high' }] } });
    expect(d.verdict).toBe('refer');
  });

  it('refers time-dependent rules to the guard while the clock is not trusted, and records the clock', () => {
    const d = run(evidence(), 'exit', registers(), false);
    expect(outcome(d, 'scan-code')).toMatchObject({ outcome: 'MISSING_EVIDENCE', effect: 'refer', values: { clock: 'untrusted' } });
    expect(outcome(d, 'temperature')?.outcome).toBe('PASSED');
    expect(d).toMatchObject({ verdict: 'refer', clock: { trusted: false, source: 'test' } });
  });
});

describe('opening hours', () => {
  const hours = validatePolicy({
    format: 'gate.policy/2', id: 'h', version: '1', issuer: 'x', effective: { from: '2020-01-01T00:00:00Z' },
    notices: ['n'],
    rules: [{ id: 'open', kind: 'hours', cites: { notice: 'n', clause: 'c' }, onFail: 'deny', params: { utcOffsetMinutes: 480, windows: [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '22:00' }] } }],
  });
  if (!hours.ok) throw new Error('bad hours policy');
  const at = (iso: string) => decide(hours.value, { temperatures: [] }, { direction: 'entry', clock: clockAt(Date.parse(iso)), registers: registers() });

  it('opens inside the window in local time, and not outside or at weekends', () => {
    expect(at('2021-01-11T00:30:00Z').verdict).toBe('admit'); // Monday 08:30 +08:00
    expect(at('2021-01-10T23:30:00Z').verdict).toBe('admit'); // Monday 07:30 +08:00, though Sunday in UTC
    expect(at('2021-01-11T14:30:00Z').verdict).toBe('deny'); // Monday 22:30 +08:00
    expect(at('2021-01-10T02:00:00Z').verdict).toBe('deny'); // Sunday 10:00 +08:00
  });
});
