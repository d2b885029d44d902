/**
 * The local policy file beside policy bundles: journaled with source `file` (its path in the event),
 * refused when config `bundles.policyFile` is `forbidden` (journaled, logged, the previous policy stays).
 */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { checksPolicyJson } from '../fixtures/policy.js';
import { tempDir } from '../journal/helpers.js';
import { bundle, fixture, signer, type Fixture } from './helpers.js';

const platform = signer('platform-1', ['policy']);
const policyV = (version: string): Record<string, unknown> => ({ ...checksPolicyJson(), version });
const lastChange = (f: Fixture): unknown => f.db.prepare('SELECT source, outcome, policy_version FROM policy_changes ORDER BY id DESC LIMIT 1').get();

let f: Fixture;
afterEach(() => f.close());

describe('allowed', () => {
  it('an edited file is journaled as a policy change from source file, with its path in bundle.applied', () => {
    f = fixture({ keys: [platform], policy: policyV('file-1') });
    expect(lastChange(f)).toEqual({ source: 'file', outcome: 'applied', policy_version: 'file-1' });
    writeFileSync(f.policyFile, JSON.stringify(policyV('file-2')));
    expect(f.store.applyPolicyFile(f.policyFile).ok).toBe(true);
    expect(f.policies.current().doc.version).toBe('file-2');
    expect(lastChange(f)).toEqual({ source: 'file', outcome: 'applied', policy_version: 'file-2' });
    expect(f.events('bundle.applied').at(-1)?.detail).toMatchObject({ kind: 'policy', toVersion: null, source: 'file', kid: null, path: f.policyFile });
  });

  it('an invalid edit is journaled as rejected and the previous policy stays', () => {
    f = fixture({ keys: [platform], policy: policyV('file-1') });
    writeFileSync(f.policyFile, '{"format": "gate.policy/2"');
    expect(f.store.applyPolicyFile(f.policyFile).ok).toBe(false);
    expect(f.policies.current().doc.version).toBe('file-1');
    expect(lastChange(f)).toEqual({ source: 'file', outcome: 'rejected', policy_version: null });
  });
});

describe('forbidden', () => {
  it('an edit is refused, journaled and logged, and the policy bundle in force stays, there and after a restart', async () => {
    f = fixture({ keys: [platform], policy: policyV('file-1') });
    expect((await f.store.offer(bundle(platform, 'policy', 1, policyV('bundle-1')), 'uplink:https')).ok).toBe(true);
    f = f.restart({ policyFile: 'forbidden' });
    expect(f.policies.current().doc.version).toBe('bundle-1');
    writeFileSync(f.policyFile, JSON.stringify(policyV('file-2')));
    const refused = f.store.applyPolicyFile(f.policyFile);
    expect(refused).toMatchObject({ ok: false, error: [{ code: 'bundle.file-forbidden' }] });
    expect(f.policies.current().doc.version).toBe('bundle-1');
    expect(f.events('bundle.refused').at(-1)?.detail).toEqual({
      kind: 'policy',
      version: null,
      code: 'bundle.file-forbidden',
      reason: expect.stringContaining('config bundles.policyFile is "forbidden"'),
      source: 'file',
      path: f.policyFile,
    });
    const refusals = f.events('bundle.refused').length;
    f = f.restart();
    expect(f.policies.current().doc.version).toBe('bundle-1');
    expect(f.events('bundle.refused'), 'the edited file is refused again at the start').toHaveLength(refusals + 1);
  });

  it('a first start with no policy bundle and no last good copy fails with the reason', () => {
    const dir = tempDir();
    try {
      expect(() => fixture({ keys: [platform], policy: policyV('file-1'), policyFile: 'forbidden' }, dir)).toThrow(/bundles\.policyFile is "forbidden"/);
    } finally {
      dir.remove();
    }
    f = fixture({ keys: [platform], policy: policyV('file-1') });
  });
});
