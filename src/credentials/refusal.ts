/**
 * Why the gate refused a signed code (main/credentials/verify.ts decides; this file names the reasons).
 * A refused code fails the rule for the type its header names (session machine). The words are fixed
 * sentences, never text taken from the code, so a hostile code cannot put words into the record.
 */
export const CREDENTIAL_REFUSALS = [
  'credential.malformed',
  'credential.unknown-issuer',
  'credential.bad-signature',
  'credential.expired',
  'credential.not-yet-valid',
  'credential.too-old',
  'credential.issued-in-future',
] as const;
export type CredentialRefusal = (typeof CREDENTIAL_REFUSALS)[number];

/** The reason in words, as the export and the journal carry it (`values.reason`). */
const REFUSAL_WORDS: { readonly [R in CredentialRefusal]: string } = {
  'credential.malformed': 'the code is incomplete or damaged',
  'credential.unknown-issuer': 'the code is from an issuer this gate does not know',
  'credential.bad-signature': 'the code is not validly signed (forged or altered)',
  'credential.expired': 'the code has expired',
  'credential.not-yet-valid': 'the code is not valid yet',
  'credential.too-old': 'the code was issued too long ago',
  'credential.issued-in-future': 'the code is dated in the future',
};

/** The words for a refusal code; an unknown code (from an older or newer record) gets a plain fallback. */
export const refusalWords = (code: string): string =>
  Object.hasOwn(REFUSAL_WORDS, code) ? REFUSAL_WORDS[code as CredentialRefusal] : 'the code was refused';
