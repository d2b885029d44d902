/**
 * The bundle format, `gate.bundle/1` (docs/bundles.md): a JWS in compact serialization (RFC 7515) signed with
 * Ed25519 (`alg` EdDSA, RFC 8037), so the platform can sign with any JOSE library or `gate bundle sign`.
 *
 * - protected header `{"alg": "EdDSA", "typ": "gate-bundle+jws", "kid": "<signing key id>"}`;
 * - payload: UTF-8 JSON {@link bundleClaims} — the kind, a version that only ever increases per kind, the
 *   issue time, and the body (for each kind the document docs/bundles.md names).
 *
 * Pure (zod only); never throws.
 */
import { z } from 'zod';
import { BUNDLE_KINDS, HASHED_KINDS, type BundleKind } from './kinds.js';

export const BUNDLE_FORMAT = 'gate.bundle/1';
export const BUNDLE_TYP = 'gate-bundle+jws';
export const BUNDLE_ALG = 'EdDSA';
/** The largest bundle a gate reads (its JWS text); a larger one is refused unread. */
export const MAX_BUNDLE_BYTES = 128 * 1024 * 1024;

/** A signing key's id: printable ASCII, no spaces. */
export const keyId = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** The 16-hex-digit fingerprint of a district key (SHA-256 of its 32 bytes, first 8 bytes): never the key. */
export const keyFingerprintText = z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 lowercase hexadecimal digits');

export const bundleHeader = z.object({
  alg: z.literal(BUNDLE_ALG),
  typ: z.literal(BUNDLE_TYP),
  kid: keyId,
});
export type BundleHeader = z.infer<typeof bundleHeader>;

const isHashed = (k: BundleKind): boolean => (HASHED_KINDS as readonly BundleKind[]).includes(k);

export const bundleClaims = z
  .strictObject({
    format: z.literal(BUNDLE_FORMAT).describe('The format of this payload.'),
    kind: z.enum(BUNDLE_KINDS).describe('What the body is (docs/bundles.md).'),
    version: z.int().min(1).max(Number.MAX_SAFE_INTEGER).describe('Increases with every bundle of this kind; a gate refuses one older than, or as old as but different from, the one in force.'),
    issuedAt: z.iso.datetime({ offset: true }).describe('When the platform issued it, ISO 8601 with a zone: its age is counted from here.'),
    hashedUnder: keyFingerprintText.optional().describe('`residents` and `quarantine` only (required there): the fingerprint of the district key the refs were made with.'),
    gate: z.string().min(1).max(64).optional().describe('`district-key` only (required there): the gate id the key is sealed to.'),
    body: z.unknown().describe('The content, one document per kind (docs/bundles.md).'),
  })
  .superRefine((c, ctx) => {
    if (isHashed(c.kind) !== (c.hashedUnder !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['hashedUnder'], message: isHashed(c.kind) ? `a ${c.kind} bundle says which district key its refs were made with` : `only residents and quarantine bundles carry hashedUnder` });
    }
    if ((c.kind === 'district-key') !== (c.gate !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['gate'], message: c.kind === 'district-key' ? 'a district-key bundle names the gate it is sealed to' : 'only district-key bundles name a gate' });
    }
  });
export type BundleClaims = z.infer<typeof bundleClaims>;
