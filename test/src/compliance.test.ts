/** A policy against the notice catalogue (src/policy/compliance.ts): each refusal by its code and field path. */
import { describe, expect, it } from 'vitest';
import { checkCompliance } from '../../src/policy/compliance.js';
import { validatePolicy } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/schema.js';
import { TEST_NOTICE_ID, testCatalogue, testNoticeJson } from '../fixtures/notices.js';
import { demoPolicyJson } from '../fixtures/policy.js';

type Json = Record<string, unknown>;
type RuleJson = { kind: string; directions?: string[]; cites: { notice: string; clause: string } };
const rulesOf = (json: Json): RuleJson[] => json['rules'] as RuleJson[];

function doc(json: Json): Policy {
  const r = validatePolicy(json);
  if (!r.ok) throw new Error(r.error.map((f) => f.message).join('; '));
  return r.value.doc;
}

/** A later notice (2020-06-01) whose clause "5" lifts the mask requirement; an earlier one (2020-03-01) that does the same. */
const lifting = (id: string, date: string, lifts: string[] = ['mask']): Json => ({
  ...testNoticeJson(),
  id,
  date,
  clauses: [
    { id: '5', text: { zh: '五、口罩不再必戴（测试用）' }, lifts },
    { id: '6', text: { zh: '六、其他（测试用）' } },
  ],
});
const catalogue = testCatalogue([testNoticeJson(), lifting('test-later', '2020-06-01'), lifting('test-earlier', '2020-03-01')]);

const shortfalls = (json: Json): [string, string | undefined][] => checkCompliance(doc(json), catalogue).map((f) => [f.code, f.path]);

/** The demo policy without its mask rule, waiving mask citing `notice` clause `clause`. */
function waivingMask(notice: string, clause = '5', kind = 'mask'): Json {
  const json = demoPolicyJson();
  json['notices'] = ['wuhan-2020-04-02', notice];
  json['rules'] = rulesOf(json).filter((r) => r.kind !== 'mask');
  json['waived'] = [{ kind, cites: { notice, clause } }];
  return json;
}

describe('policy compliance with the notice catalogue', () => {
  it('accepts the shipped demo policy: everything Wuhan clause 4 makes mandatory has its rule', () => {
    expect(shortfalls(demoPolicyJson())).toEqual([]);
  });

  it('refuses an empty rule list', () => {
    const json = { ...demoPolicyJson(), notices: [TEST_NOTICE_ID], rules: [] };
    expect(shortfalls(json)).toEqual([['policy.no-rules', 'rules']]);
    expect(checkCompliance(doc(json), catalogue)[0]?.message).toBe('rules: a policy with no rules would admit everyone: give it at least one');
  });

  it('refuses a notice the catalogue does not have, naming its place in notices', () => {
    const json = demoPolicyJson();
    json['notices'] = ['wuhan-2020-04-02', 'nowhere-2020'];
    const f = checkCompliance(doc(json), catalogue);
    expect(f.map((x) => [x.code, x.path])).toEqual([['policy.unknown-notice', 'notices.1']]);
    expect(f[0]?.message).toBe('notices.1: the notice catalogue has no notice "nowhere-2020"');
  });

  it('refuses a clause the catalogue does not have, wherever it is cited', () => {
    const json = demoPolicyJson();
    rulesOf(json)[1]!.cites.clause = '四、信息必录';
    json['clock'] = { onUntrusted: 'refer', cites: { notice: 'wuhan-2020-04-02', clause: '99' } };
    json['retention'] = { days: 30, cites: { notice: 'wuhan-2020-04-02', clause: '98' } };
    const f = checkCompliance(doc(json), catalogue);
    expect(f.map((x) => [x.code, x.path])).toEqual([
      ['policy.unknown-clause', 'rules.1.cites.clause'],
      ['policy.unknown-clause', 'clock.cites.clause'],
      ['policy.unknown-clause', 'retention.cites.clause'],
    ]);
    expect(f[0]?.message).toBe('rules.1.cites.clause: notice "wuhan-2020-04-02" has no clause "四、信息必录" in the catalogue');
  });

  it('accepts citations of known clauses for the clock and retention', () => {
    const json = { ...demoPolicyJson(), clock: { onUntrusted: 'refer', cites: { notice: 'wuhan-2020-04-02', clause: '7' } }, retention: { days: 30, cites: { notice: 'wuhan-2020-04-02', clause: '1' } } };
    expect(shortfalls(json)).toEqual([]);
  });

  it('does not report the clauses of a notice the catalogue lacks (the notice is reported)', () => {
    const json = demoPolicyJson();
    json['notices'] = ['wuhan-2020-04-02', 'nowhere-2020'];
    rulesOf(json).push({ kind: 'quarantine-list', cites: { notice: 'nowhere-2020', clause: '1' }, ...{ id: 'q', onFail: 'deny', params: {} } });
    expect(shortfalls(json)).toEqual([['policy.unknown-notice', 'notices.1']]);
  });

  it.each(['identity', 'registration', 'temperature', 'mask'])('refuses leaving out "%s", which Wuhan clause 4 makes mandatory', (kind) => {
    const json = demoPolicyJson();
    json['rules'] = rulesOf(json).filter((r) => r.kind !== kind);
    const f = checkCompliance(doc(json), catalogue);
    expect(f.map((x) => [x.code, x.path])).toEqual([['policy.mandatory-check-missing', 'rules']]);
    expect(f[0]?.message).toBe(
      `rules: notice "wuhan-2020-04-02" clause "4" makes "${kind}" mandatory (everyone, entry and exit); no "${kind}" rule applies at entry or exit: add one, or waive it citing a later notice's clause that lifts it`,
    );
  });

  it('refuses a mandatory check covered in one direction only, naming the direction left out', () => {
    const json = demoPolicyJson();
    rulesOf(json).find((r) => r.kind === 'mask')!.directions = ['entry'];
    const f = checkCompliance(doc(json), catalogue);
    expect(f.map((x) => [x.code, x.path])).toEqual([['policy.mandatory-check-missing', 'rules']]);
    expect(f[0]?.message).toContain('no "mask" rule applies at exit:');
  });

  it('counts two rules of a kind, one per direction, as covering both', () => {
    const json = demoPolicyJson();
    const mask = rulesOf(json).find((r) => r.kind === 'mask')!;
    mask.directions = ['entry'];
    rulesOf(json).push({ ...mask, ...{ id: 'mask-out' }, directions: ['exit'] });
    expect(shortfalls(json)).toEqual([]);
  });

  it('asks nothing of a notice whose clauses make nothing mandatory', () => {
    const json = { ...demoPolicyJson(), notices: [TEST_NOTICE_ID], rules: [{ id: 'h', kind: 'quarantine-list', cites: { notice: TEST_NOTICE_ID, clause: 'any' }, onFail: 'deny', params: {} }] };
    expect(shortfalls(json)).toEqual([]);
  });

  describe('waivers', () => {
    it('accepts a waiver citing a later notice’s clause that lifts the kind', () => {
      expect(shortfalls(waivingMask('test-later'))).toEqual([]);
    });

    it('refuses a waiver whose clause does not lift the kind', () => {
      expect(shortfalls(waivingMask('test-later', '6'))).toEqual([['policy.waiver-not-lifting', 'waived.0.cites.clause']]);
      expect(checkCompliance(doc(waivingMask('test-later', '6')), catalogue)[0]?.message).toBe('waived.0.cites.clause: clause "6" of notice "test-later" does not lift "mask" (its catalogue entry\'s lifts)');
    });

    it('refuses a waiver citing a notice that is not later than the one making the kind mandatory', () => {
      const f = checkCompliance(doc(waivingMask('test-earlier')), catalogue);
      expect(f.map((x) => [x.code, x.path])).toEqual([['policy.waiver-not-later', 'waived.0.cites.notice']]);
      expect(f[0]?.message).toBe('waived.0.cites.notice: notice "test-earlier" (2020-03-01) is not later than notice "wuhan-2020-04-02" (2020-04-02), which makes "mask" mandatory');
    });

    it('refuses a waiver from a notice dated the same day as the mandate', () => {
      const sameDay = testCatalogue([lifting('test-same-day', '2020-04-02')]);
      expect(checkCompliance(doc(waivingMask('test-same-day')), sameDay).map((x) => [x.code, x.path])).toEqual([['policy.waiver-not-later', 'waived.0.cites.notice']]);
    });

    it('refuses a waiver of a kind none of the policy’s notices makes mandatory', () => {
      const json = demoPolicyJson();
      json['notices'] = ['wuhan-2020-04-02', 'test-later'];
      json['waived'] = [{ kind: 'hours', cites: { notice: 'test-later', clause: '5' } }];
      const later = testCatalogue([lifting('test-later', '2020-06-01', ['hours'])]);
      const f = checkCompliance(doc(json), later);
      expect(f.map((x) => [x.code, x.path])).toEqual([['policy.waiver-unneeded', 'waived.0.kind']]);
      expect(f[0]?.message).toBe('waived.0.kind: none of the policy\'s notices makes "hours" mandatory: there is nothing to waive');
    });

    it('refuses a waiver citing an unknown clause once, as the unknown clause', () => {
      expect(shortfalls(waivingMask('test-later', '99'))).toEqual([['policy.unknown-clause', 'waived.0.cites.clause']]);
    });

    it('does not let a waiver of one kind excuse another', () => {
      const json = waivingMask('test-later');
      json['rules'] = rulesOf(json).filter((r) => r.kind !== 'temperature');
      expect(shortfalls(json)).toEqual([['policy.mandatory-check-missing', 'rules']]);
    });
  });
});
