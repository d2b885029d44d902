/**
 * The policy schema is built when its module loads. Imported inside the test rather than at the top of the
 * file, a schema that cannot even be built (a broken rule helper, a wrong discriminator) fails this test
 * instead of only the file's import, which Stryker's vitest runner does not count as a failed test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the policy schema', () => {
  it('builds when its module loads and accepts the shipped demo policy', async () => {
    const { validatePolicy } = await import('../../src/policy/load.js');
    const demo: unknown = JSON.parse(readFileSync(new URL('../../resources/policy/demo.json', import.meta.url), 'utf8'));
    expect(validatePolicy(demo).ok).toBe(true);
  });
});
