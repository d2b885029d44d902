/**
 * `checkPolicy`, the one way a policy comes into force: its format first, then the catalogue; and the
 * messages of the format's own cross-field checks, which say what is wrong in words, not only where.
 */
import { describe, expect, it } from 'vitest';
import { checkPolicy, validatePolicy } from '../../src/policy/load.js';
import { TEST_CITES, TEST_NOTICE_ID, testCatalogue } from '../fixtures/notices.js';
import { checksPolicyJson, demoPolicyJson } from '../fixtures/policy.js';

type Json = Record<string, unknown>;
const rules = (json: Json): Json[] => json['rules'] as Json[];
const outcome = (r: ReturnType<typeof checkPolicy>): string[] => (r.ok ? ['ok'] : r.error.map((f) => `${f.code} ${f.message}`));

describe('checkPolicy', () => {
  it('brings a compliant policy into force, the document as validated', () => {
    const r = checkPolicy(demoPolicyJson(), testCatalogue());
    expect(r.ok && r.value.doc.id).toBe('demo-wuhan-2020');
  });

  it('refuses a well-formed policy that leaves out a mandatory check, by the catalogue', () => {
    const json = demoPolicyJson();
    json['rules'] = rules(json).filter((r) => r['kind'] !== 'mask');
    expect(validatePolicy(json).ok).toBe(true);
    expect(outcome(checkPolicy(json, testCatalogue())).map((line) => line.split(' ')[0])).toEqual(['policy.mandatory-check-missing']);
  });

  it('reports a malformed policy by its format and asks nothing of the catalogue', () => {
    expect(outcome(checkPolicy({ ...demoPolicyJson(), id: 'Bad Id', rules: [] }, testCatalogue())).map((line) => line.split(' ')[0])).toEqual(['policy.invalid']);
  });

  it('reads a gate.policy/2 document and refuses a gate.policy/1 one as old', () => {
    expect(validatePolicy(checksPolicyJson()).ok).toBe(true);
    expect(outcome(validatePolicy({ ...checksPolicyJson(), format: 'gate.policy/1' })).map((line) => line.split(' ')[0])).toEqual(['policy.old-format']);
  });

  it.each([undefined, 'text', 7])('refuses %o, which is no document at all, as invalid rather than throwing', (json) => {
    expect(outcome(validatePolicy(json)).map((line) => line.split(' ')[0])).toEqual(['policy.invalid']);
  });
});

describe('the format’s cross-field checks say what is wrong', () => {
  const messages = (json: Json): string[] => {
    const r = validatePolicy(json);
    return r.ok ? [] : r.error.map((f) => f.message);
  };
  const base = (): Json => checksPolicyJson();

  it('a rule id used twice', () => {
    const json = base();
    const [first] = rules(json);
    json['rules'] = [...rules(json), { ...first }];
    expect(messages(json)).toEqual([`rules.3.id: duplicate rule id "${String(first?.['id'])}"`]);
  });

  it('a local parameter the rule does not have', () => {
    const json = base();
    json['rules'] = rules(json).map((r, i) => (i === 0 ? { ...r, localParams: ['nope'] } : r));
    expect(messages(json)).toEqual(['rules.0.localParams.0: "nope" is not a parameter of this rule']);
  });

  it('a notice listed twice', () => {
    expect(messages({ ...base(), notices: [TEST_NOTICE_ID, TEST_NOTICE_ID] })).toEqual([`notices.1: notice "${TEST_NOTICE_ID}" is listed twice`]);
  });

  it('a citation of a notice the policy does not list', () => {
    const json = base();
    json['rules'] = rules(json).map((r, i) => (i === 0 ? { ...r, cites: { notice: 'elsewhere', clause: '1' } } : r));
    expect(messages(json)).toEqual(['rules.0.cites.notice: cites "elsewhere", which is not one of the policy’s notices']);
  });

  it('a kind waived twice', () => {
    const waiver = { kind: 'mask', cites: TEST_CITES };
    expect(messages({ ...base(), waived: [waiver, waiver] })).toEqual(['waived.1.kind: "mask" is waived twice']);
  });

  it('an effective window that ends before it starts', () => {
    const json = { ...base(), effective: { from: '2020-04-02T00:00:00+08:00', until: '2020-04-01T00:00:00+08:00' } };
    expect(messages(json)).toEqual(['effective.until: must be after effective.from']);
  });
});
