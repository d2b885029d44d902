/** verifyCredential never throws: arbitrary text and mutated valid tokens always give a Result (fast-check, 1,000+ runs each). */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential, type CredentialFailureCode } from '../../main/credentials/verify.js';
import { CREDENTIAL_REFUSALS } from '../../src/credentials/refusal.js';
import { healthClaims, issue, jsonB64, makeFixture, NOW_MS, segments, travelClaims, type Fixture } from './support.js';

const CODES: readonly CredentialFailureCode[] = CREDENTIAL_REFUSALS;

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let f: Fixture;
let hc: string;
let travel: string;
beforeAll(async () => {
  f = await makeFixture();
  hc = await issue(f.a, 'gate-hc+jwt', healthClaims());
  travel = await issue(f.a, 'gate-travel+jwt', travelClaims());
});

/** Awaits `verifyCredential` and checks the outcome is a well-formed Result (a rejection fails the property). */
async function isResult(text: string): Promise<{ ok: boolean; colour?: string }> {
  const r = await verifyCredential(text, f.keys, NOW_MS);
  if (r.ok) return { ok: true, colour: r.value.typ === 'gate-hc+jwt' && r.value.healthCode.status === 'verified' ? r.value.healthCode.colour : 'none' };
  expect(CODES).toContain(r.error.code);
  expect(typeof r.error.message).toBe('string');
  return { ok: false };
}

type Mutation = { kind: 'replace' | 'insert' | 'delete'; at: number; ch: string };

function mutate(token: string, ms: readonly Mutation[]): string {
  let t = token;
  for (const m of ms) {
    const at = m.at % (t.length + 1);
    if (m.kind === 'replace') t = t.slice(0, at) + m.ch + t.slice(at + 1);
    else if (m.kind === 'insert') t = t.slice(0, at) + m.ch + t.slice(at);
    else t = t.slice(0, at) + t.slice(at + 1);
  }
  return t;
}

const mutation = fc.record({
  kind: fc.constantFrom('replace' as const, 'insert' as const, 'delete' as const),
  at: fc.nat(),
  ch: fc.oneof(fc.constantFrom(...B64URL.split('')), fc.constantFrom('.', '=', ' ', '\n', '\u0000', '%', '+', '/'), fc.string({ minLength: 1, maxLength: 1 })),
});

describe('verifyCredential never throws', () => {
  it('on arbitrary strings (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 600 }), async (s) => {
        expect((await isResult(s)).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('on three arbitrary base64url segments (1,000 runs)', async () => {
    const seg = fc.string({ unit: fc.constantFrom(...B64URL.split('')), minLength: 1, maxLength: 200 });
    await fc.assert(
      fc.asyncProperty(seg, seg, seg, async (a, b, c) => {
        expect((await isResult(`${a}.${b}.${c}`)).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('on arbitrary JSON headers and payloads with random signatures (1,000 runs)', async () => {
    const header = fc.oneof(
      fc.jsonValue(),
      fc.record({ alg: fc.constantFrom('EdDSA', 'none', 'HS256'), kid: fc.constantFrom('district-a-2022', 'x', '__proto__'), typ: fc.constantFrom('gate-hc+jwt', 'gate-travel+jwt', 'JWT') }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(header, fc.jsonValue(), fc.uint8Array({ minLength: 1, maxLength: 80 }), async (h, p, sig) => {
        const text = `${jsonB64(h) || 'e30'}.${jsonB64(p) || 'e30'}.${Buffer.from(sig).toString('base64url')}`;
        expect((await isResult(text)).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('on mutated valid tokens: a Result always, and never a different colour (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('hc', 'travel'), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (which, ms) => {
        const original = which === 'hc' ? hc : travel;
        const r = await isResult(mutate(original, ms));
        // A mutation may leave the signed bytes intact (e.g. padding bits of the last base64url character);
        // it may never make a different verified claim.
        if (r.ok) expect(r.colour).toBe(which === 'hc' ? 'green' : 'none');
      }),
      { numRuns: 1000 },
    );
  });

  it('on segments of valid tokens spliced together (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(0, 1, 2)), { minLength: 3, maxLength: 3 }), async (picks) => {
        const parts = picks.map(([t, i]) => segments(t === 0 ? hc : travel)[i]);
        const r = await isResult(parts.join('.'));
        const spliced = parts.join('.');
        if (r.ok) expect(spliced === hc || spliced === travel).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
