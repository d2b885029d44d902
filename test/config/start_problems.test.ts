/** How start-up problems are classified (exit 2 or 1) and which config/policy pairs warn. */
import { describe, expect, it } from 'vitest';
import { policyFileFailure, startFailureExitCode } from '../../main/config/failures.js';
import { configWarnings } from '../../main/config/warnings.js';
import { failure } from '../../src/result.js';
import { demoPolicyJson, demoPolicyOnly, loaded } from '../fixtures/policy.js';
import { TEST_CITES } from '../fixtures/notices.js';

describe('startFailureExitCode', () => {
  it('is 2 when the config or its policy file is at fault, else 1', () => {
    expect(startFailureExitCode([failure('config.invalid', 'x')])).toBe(2);
    expect(startFailureExitCode([policyFileFailure('/p.json', failure('policy.invalid', 'rules.0.id: bad'))])).toBe(2);
    expect(startFailureExitCode([failure('host.port-in-use', 'x')])).toBe(1);
    expect(startFailureExitCode([failure('gate.data-dir', 'x')])).toBe(1);
  });

  it('names the policy file once in the message, and keeps the field path', () => {
    expect(policyFileFailure('/p.json', failure('policy.invalid', 'rules.0.id: bad', 'rules.0.id'))).toEqual({ code: 'config.policy.invalid', message: '/p.json: rules.0.id: bad', path: 'rules.0.id' });
    expect(policyFileFailure('/p.json', failure('policy.unreadable', '/p.json: ENOENT'))).toEqual({ code: 'config.policy.unreadable', message: '/p.json: ENOENT' });
  });
});

describe('configWarnings', () => {
  const withoutRegistration = demoPolicyOnly(['identity', 'temperature', 'mask']);
  const registration = (nonResidents: string[]) =>
    loaded({
      ...withoutRegistration,
      rules: [
        ...(withoutRegistration['rules'] as unknown[]),
        { id: 'record', kind: 'registration', cites: TEST_CITES, onFail: 'refer', params: { nonResidents, residents: [] } },
      ],
    });
  const config = { authorityPublicKey: undefined, source: '/etc/gate.json' };

  it('warns when a registration rule needs fields and no authority key is configured', () => {
    expect(configWarnings(config, registration(['name']))).toEqual([expect.objectContaining({ code: 'config.no-authority-key', path: 'authorityPublicKey' })]);
  });

  it('is quiet with a key, without a registration rule, or when the rule requires nothing', () => {
    expect(configWarnings({ ...config, authorityPublicKey: 'A'.repeat(43) }, registration(['name']))).toEqual([]);
    expect(configWarnings(config, loaded(withoutRegistration))).toEqual([]);
    expect(configWarnings(config, loaded(demoPolicyJson()))).toHaveLength(1); // the demo policy records non-residents' details
    expect(configWarnings(config, registration([]))).toEqual([]);
  });
});
