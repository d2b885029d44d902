import { describe, expect, it } from 'vitest';
import { parsePolicy, policyHash, validatePolicy } from '../../src/policy/load.js';
import { testCatalogue } from '../fixtures/notices.js';
import { demoPolicyJson } from '../fixtures/policy.js';

const messages = (text: string): string[] => {
  const r = parsePolicy(text, testCatalogue());
  if (r.ok) throw new Error('expected the policy to be rejected');
  return r.error.map((f) => f.message);
};

describe('policy file validation', () => {
  it('accepts the shipped demo policy and applies defaults', () => {
    const r = parsePolicy(JSON.stringify(demoPolicyJson()), testCatalogue());
    expect(r.ok && r.value.doc.rules[0]?.directions).toEqual(['entry', 'exit']);
  });

  it('names the field that is wrong', () => {
    const json = demoPolicyJson();
    (json['rules'] as { params: Record<string, unknown> }[])[2]!.params['thresholdC'] = 41;
    expect(messages(JSON.stringify(json))).toEqual([expect.stringMatching(/^rules\.2\.params\.thresholdC: /)]);
  });

  it('rejects rule kinds outside the closed vocabulary and unknown fields', () => {
    const json = demoPolicyJson();
    (json['rules'] as unknown[]).push({ id: 'vip', kind: 'vip-list', cites: { notice: 'wuhan-2020-04-02', clause: 'x' }, onFail: 'deny', params: {} });
    json['extraCondition'] = true;
    const m = messages(JSON.stringify(json));
    expect(m.some((s) => s.startsWith('rules.4.kind'))).toBe(true);
    expect(m.some((s) => s.includes('extraCondition'))).toBe(true);
  });

  it('rejects a citation of a notice the policy does not list, and local params that do not exist', () => {
    const json = demoPolicyJson();
    const rules = json['rules'] as { cites: { notice: string }; localParams?: string[] }[];
    rules[0]!.cites.notice = 'made-up';
    rules[1]!.localParams = ['speed'];
    const m = messages(JSON.stringify(json));
    expect(m).toContain('rules.0.cites.notice: cites "made-up", which is not one of the policy’s notices');
    expect(m).toContain('rules.1.localParams.0: "speed" is not a parameter of this rule');
  });

  it('requires every citation — waivers, clock and retention too — to name one of its notices, each listed once', () => {
    const json = demoPolicyJson();
    json['notices'] = ['wuhan-2020-04-02', 'wuhan-2020-04-02'];
    json['waived'] = [
      { kind: 'hours', cites: { notice: 'elsewhere', clause: '1' } },
      { kind: 'hours', cites: { notice: 'wuhan-2020-04-02', clause: '1' } },
    ];
    json['clock'] = { onUntrusted: 'refer', cites: { notice: 'elsewhere', clause: '1' } };
    json['retention'] = { days: 30, cites: { notice: 'elsewhere', clause: '1' } };
    const r = validatePolicy(json);
    expect(r.ok ? [] : r.error.map((f) => [f.code, f.path])).toEqual([
      ['policy.invalid', 'notices.1'],
      ['policy.invalid', 'waived.0.cites.notice'],
      ['policy.invalid', 'waived.1.kind'],
      ['policy.invalid', 'clock.cites.notice'],
      ['policy.invalid', 'retention.cites.notice'],
    ]);
  });

  it('refuses a gate.policy/1 file with how to migrate it, naming the format field', () => {
    const r = validatePolicy({ ...demoPolicyJson(), format: 'gate.policy/1' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual([expect.objectContaining({ code: 'policy.old-format', path: 'format' })]);
    expect(r.error[0]?.message).toMatch(/^format: "gate\.policy\/1" is no longer read; this gate reads "gate\.policy\/2".*Migrating a gate\.policy\/1 file/);
    expect(validatePolicy(null).ok).toBe(false); // not an object: the schema's own refusal, no crash
  });

  it('checks the catalogue only after the format: a malformed policy is not also reported against it', () => {
    const json = demoPolicyJson();
    json['rules'] = [];
    json['version'] = '';
    const r = parsePolicy(JSON.stringify(json), testCatalogue());
    expect(r.ok ? [] : r.error.map((f) => f.code)).toEqual(['policy.invalid']);
  });

  it('reports broken JSON as a value, never an exception', () => {
    expect(messages('{"format": ')[0]).toMatch(/^not JSON/);
  });

  it('hashes the RFC 8785 canonical form: key order and whitespace do not change the hash', () => {
    const json = demoPolicyJson();
    const reordered = Object.fromEntries(Object.entries(json).reverse());
    expect(policyHash(reordered)).toBe(policyHash(json));
    expect(policyHash(JSON.parse(JSON.stringify(json, null, 7)))).toBe(policyHash(json));
    expect(policyHash({ ...json, version: '3' })).not.toBe(policyHash(json));
    // RFC 8785 §3.2.3: keys sorted by UTF-16 code units; numbers in ECMAScript form.
    expect(policyHash({ b: 1, a: 1e21 })).toBe(policyHash({ a: 1e21, b: 1.0 }));
    expect(policyHash(json)).toMatch(/^[0-9a-f]{64}$/);
  });
});
