/**
 * The gate's own signed codes for the synthetic QR corpus, made by the real issuer (main/credentials/issue.ts):
 * a resident pass, a health code and travel codes. Sizes grow the honest way: a travel code lists more areas
 * visited (up to 60 by the schema); a pass carries a full postal address as its `household` (≤ 128 characters by
 * the schema). The smallest signed code is about 430 characters (Ed25519 signature, 64-hex `sub`): there is no
 * 200-character signed code, the short payloads (ID and badge numbers) are the unit tests'.
 */
import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { issueToken, type PrivateJwk } from '../main/credentials/issue.js';
import type { TokenTyp } from '../src/credentials/token.js';

export interface SignedCode {
  /** `<kind>-<characters>`, e.g. `travel-1297`. */
  readonly name: string;
  readonly text: string;
}

const NOW = Date.UTC(2022, 3, 1, 8, 0, 0) / 1000;
const common = { sub: 'a3'.repeat(32), iat: NOW - 600, exp: NOW + 86_400, masked: '4201**********1234' };

/** Travel-code sizes aimed at (characters); each is reached by whole visited-area entries, so it ends a little above. */
export const TRAVEL_SIZES = [600, 900, 1300] as const;

/** `n` plausible visited areas: 6-digit area codes and the last day there, newest first. */
function visited(n: number): { area: string; lastDay: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    area: String(110101 + ((i * 7919) % 540000)).padStart(6, '0'),
    lastDay: new Date(Date.UTC(2022, 2, 31 - (i % 28))).toISOString().slice(0, 10),
  }));
}

/**
 * A fixed Ed25519 issuer key (seed 0x01 × 32), so the codes, and the QR modules they make, are the same every run:
 * a random key would change every signature, hence the data modules, and with them which decoder reads what.
 */
function fixedIssuerKey(): PrivateJwk {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 1)]);
  const jwk: JsonWebKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
  return { ...jwk, kid: KID } as PrivateJwk;
}
const KID = 'district-a-2022';

export async function signedCodes(): Promise<SignedCode[]> {
  const key = fixedIssuerKey();
  const issue = async (kind: string, typ: TokenTyp, claims: Record<string, unknown>): Promise<SignedCode> => {
    const r = await issueToken(key, KID, typ, { iss: 'district-a', ...common, ...claims });
    if (!r.ok) throw new Error(`synthetic ${kind}: ${r.error.code} ${r.error.message}`);
    return { name: `${kind}-${r.value.length}`, text: r.value };
  };
  const codes = [
    await issue('pass', 'gate-pass+jwt', { household: 'block-3/unit-2/1201' }),
    await issue('pass', 'gate-pass+jwt', { household: 'Building 12, Unit 3, Room 1201, Hepingli 7th District, Dongcheng District, Beijing 100013, China'.padEnd(128, '.') }),
    await issue('hc', 'gate-hc+jwt', { colour: 'green', colourSince: NOW - 2 * 86_400 }),
  ];
  for (const target of TRAVEL_SIZES) {
    let n = 1;
    let code = await issue('travel', 'gate-travel+jwt', { visited: visited(n) });
    while (code.text.length < target) code = await issue('travel', 'gate-travel+jwt', { visited: visited(++n) });
    codes.push(code);
  }
  return codes;
}
