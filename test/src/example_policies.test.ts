/** The shipped example policies: valid, and honest about where every parameter comes from. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { shippedCatalogue } from '../../main/notices/load.js';
import { parsePolicy } from '../../src/policy/load.js';

const dir = fileURLToPath(new URL('../../resources/policy/', import.meta.url));
// policy.schema.json beside them is the format's JSON Schema, not a policy.
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));

describe.each(files)('resources/policy/%s', (file) => {
  const parsed = parsePolicy(readFileSync(dir + file, 'utf8'), shippedCatalogue());

  it('is a valid policy that complies with the shipped catalogue', () => {
    expect(parsed.ok ? [] : parsed.error.map((f) => f.message)).toEqual([]);
  });

  it('cites only notices it lists, each rule a catalogue clause', () => {
    if (!parsed.ok) return;
    const catalogue = shippedCatalogue();
    for (const r of parsed.value.doc.rules) {
      expect(parsed.value.doc.notices).toContain(r.cites.notice);
      expect(catalogue.get(r.cites.notice)?.clauses.map((c) => c.id)).toContain(r.cites.clause);
    }
  });

  it('marks numeric thresholds the notices do not state as local', () => {
    if (!parsed.ok) return;
    // None of the seed notices gives a fever threshold, a code age, a quota or a travel window.
    const unstated: Record<string, string[]> = { temperature: ['thresholdC'], 'health-code': ['maxAgeHours'], 'exit-quota': ['maxExits', 'perDays'], 'high-risk-travel': ['withinDays'] };
    for (const r of parsed.value.doc.rules) for (const p of unstated[r.kind] ?? []) expect(r.localParams).toContain(p);
  });
});

it('ships the two example policies from the seed notices', () => {
  expect(files).toEqual(expect.arrayContaining(['wuhan-2020-closed-community.json', 'shijiazhuang-2021-wartime.json']));
});
