import { describe, expect, it } from 'vitest';
import { parsePolicy, policyHash } from '../../src/policy/load.js';
import { demoPolicyJson } from '../fixtures/policy.js';

const messages = (text: string): string[] => {
  const r = parsePolicy(text);
  if (r.ok) throw new Error('expected the policy to be rejected');
  return r.error.map((f) => f.message);
};

describe('policy file validation', () => {
  it('accepts the shipped demo policy and applies defaults', () => {
    const r = parsePolicy(JSON.stringify(demoPolicyJson()));
    expect(r.ok && r.value.doc.rules[0]?.directions).toEqual(['entry', 'exit']);
  });

  it('names the field that is wrong', () => {
    const json = demoPolicyJson();
    (json['rules'] as { params: Record<string, unknown> }[])[1]!.params['thresholdC'] = 41;
    expect(messages(JSON.stringify(json))).toEqual([expect.stringMatching(/^rules\.1\.params\.thresholdC: /)]);
  });

  it('rejects rule kinds outside the closed vocabulary and unknown fields', () => {
    const json = demoPolicyJson();
    (json['rules'] as unknown[]).push({ id: 'vip', kind: 'vip-list', cites: { notice: 'wuhan-2020-04-02', clause: 'x' }, onFail: 'deny', params: {} });
    json['extraCondition'] = true;
    const m = messages(JSON.stringify(json));
    expect(m.some((s) => s.startsWith('rules.3.kind'))).toBe(true);
    expect(m.some((s) => s.includes('extraCondition'))).toBe(true);
  });

  it('rejects a citation of a notice the policy does not list, and local params that do not exist', () => {
    const json = demoPolicyJson();
    const rules = json['rules'] as { cites: { notice: string }; localParams?: string[] }[];
    rules[0]!.cites.notice = 'made-up';
    rules[1]!.localParams = ['speed'];
    const m = messages(JSON.stringify(json));
    expect(m).toContain('rules.0.cites.notice: cites unknown notice "made-up"');
    expect(m).toContain('rules.1.localParams.0: "speed" is not a parameter of this rule');
  });

  it('reports broken JSON as a value, never an exception', () => {
    expect(messages('{"format": ')[0]).toMatch(/^not JSON/);
  });

  it('hashes the RFC 8785 canonical form: key order and whitespace do not change the hash', () => {
    const json = demoPolicyJson();
    const reordered = Object.fromEntries(Object.entries(json).reverse());
    expect(policyHash(reordered)).toBe(policyHash(json));
    expect(policyHash(JSON.parse(JSON.stringify(json, null, 7)))).toBe(policyHash(json));
    expect(policyHash({ ...json, version: '2' })).not.toBe(policyHash(json));
    // RFC 8785 §3.2.3: keys sorted by UTF-16 code units; numbers in ECMAScript form.
    expect(policyHash({ b: 1, a: 1e21 })).toBe(policyHash({ a: 1e21, b: 1.0 }));
    expect(policyHash(json)).toMatch(/^[0-9a-f]{64}$/);
  });
});
