/**
 * The signed QR credential: a compact JWS (RFC 7515) signed with Ed25519 (`alg: "EdDSA"`), header
 * `{alg, kid, typ}`, JSON claims with NumericDate (seconds) times. Three kinds, told apart by `typ`:
 *
 * - `gate-pass+jwt`   resident pass: common claims + `household`
 * - `gate-hc+jwt`     health code:   common claims + `colour`, `colourSince`
 * - `gate-travel+jwt` travel code:   common claims + `visited` (≤ 60 areas with the last day there)
 *
 * Common claims: `iss` (issuer id), `sub` (the person's district HMAC ref, 64 lowercase hex — the same `ref`
 * the gate computes from their ID number), `iat`, `exp`, optional `nbf`, `masked` (display form).
 *
 * Pure (zod only): this file validates decoded JSON and maps claims to evidence; decoding and the signature
 * are main/credentials/verify.ts's. Unknown header fields and claims are ignored (and dropped from the
 * output); known ones are validated strictly. Parsers never throw.
 */
import { z } from 'zod';
import type { Credential, HealthCodeEvidence, TravelEvidence } from '../domain.js';
import { HEALTH_CODE_COLOURS } from '../domain.js';
import { err, failure, ok, type Failure, type Result } from '../result.js';

export const TOKEN_TYPS = ['gate-pass+jwt', 'gate-hc+jwt', 'gate-travel+jwt'] as const;
export type TokenTyp = (typeof TOKEN_TYPS)[number];

/** The only signature algorithm accepted; anything else (`none`, `HS256`, `RS256`, …) is rejected before a key is touched. */
export const TOKEN_ALG = 'EdDSA';

/** Longest token looked at (the scanner limit, classify.ts `MAX_SCAN_CHARS`); real ones are a few hundred characters. */
export const MAX_TOKEN_CHARS = 4096;

/** Most areas a travel code may list. */
export const MAX_VISITED = 60;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Three non-empty base64url segments joined by dots, at most `MAX_TOKEN_CHARS` long. Says nothing about their contents. */
export function looksLikeCompactJws(text: string): boolean {
  return text.length <= MAX_TOKEN_CHARS && COMPACT_JWS.test(text);
}

/** Printable, no control or bidi characters (they could reorder what the kiosk shows). */
const DISPLAYABLE = /^[^\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+$/;

/** NumericDate in whole seconds, 1970 … 9999-12-31. */
const numericDate = z.number().int().min(0).max(253_402_300_799);

/** A real calendar day, `YYYY-MM-DD`. */
const isoDay = z
  .string()
  .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'must be YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real calendar day');

export const tokenHeaderSchema = z.object({
  alg: z.literal(TOKEN_ALG),
  kid: z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
  typ: z.enum(TOKEN_TYPS),
});
export type TokenHeader = z.infer<typeof tokenHeaderSchema>;

const commonShape = {
  iss: z.string().min(1).max(256).regex(DISPLAYABLE, 'must not contain control characters'),
  sub: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters'),
  iat: numericDate,
  exp: numericDate,
  nbf: numericDate.optional(),
  masked: z.string().min(1).max(64).regex(DISPLAYABLE, 'must not contain control characters'),
};

type CommonFields = { iat: number; exp: number; nbf?: number | undefined };

/** Cross-claim rules every typ shares: a token lives a positive time, and `nbf` lies before `exp`. */
function checkTimes(c: CommonFields, ctx: z.RefinementCtx): void {
  if (c.exp <= c.iat) ctx.addIssue({ code: 'custom', message: 'must be after iat', path: ['exp'] });
  if (c.nbf !== undefined && c.nbf >= c.exp) ctx.addIssue({ code: 'custom', message: 'must be before exp', path: ['nbf'] });
}

export const passClaimsSchema = z
  .object({ ...commonShape, household: z.string().min(1).max(128).regex(DISPLAYABLE, 'must not contain control characters') })
  .superRefine(checkTimes);

export const healthCodeClaimsSchema = z
  .object({ ...commonShape, colour: z.enum(HEALTH_CODE_COLOURS), colourSince: numericDate })
  .superRefine((c, ctx) => {
    checkTimes(c, ctx);
    if (c.colourSince > c.iat) ctx.addIssue({ code: 'custom', message: 'must not be after iat', path: ['colourSince'] });
  });

export const travelClaimsSchema = z
  .object({
    ...commonShape,
    visited: z.array(z.object({ area: z.string().regex(/^[0-9]{6}$/, 'must be a 6-digit area code'), lastDay: isoDay })).max(MAX_VISITED),
  })
  .superRefine(checkTimes);

export type PassClaims = z.infer<typeof passClaimsSchema>;
export type HealthCodeClaims = z.infer<typeof healthCodeClaimsSchema>;
export type TravelClaims = z.infer<typeof travelClaimsSchema>;

export const CLAIMS_SCHEMAS = {
  'gate-pass+jwt': passClaimsSchema,
  'gate-hc+jwt': healthCodeClaimsSchema,
  'gate-travel+jwt': travelClaimsSchema,
} as const;

/** Claims together with the typ they were validated against. */
export type TypedClaims =
  | { readonly typ: 'gate-pass+jwt'; readonly claims: PassClaims }
  | { readonly typ: 'gate-hc+jwt'; readonly claims: HealthCodeClaims }
  | { readonly typ: 'gate-travel+jwt'; readonly claims: TravelClaims };

export type TokenParseFailure = Failure<'credential.malformed'>;

function firstIssue(what: string, error: z.ZodError): TokenParseFailure {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return failure('credential.malformed', `${what} ${path === '' ? '(root)' : path}: ${issue?.message ?? 'invalid'}`, path === '' ? undefined : path);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a decoded protected header. `alg` is looked at first, so `none`, `HS256` and the like fail with a
 * message naming the algorithm; a `crit` header is refused (we understand no extensions).
 */
export function parseTokenHeader(json: unknown): Result<TokenHeader, TokenParseFailure> {
  if (!isPlainObject(json)) return err(failure('credential.malformed', 'header is not a JSON object'));
  const alg = Object.hasOwn(json, 'alg') ? json['alg'] : undefined;
  if (alg !== TOKEN_ALG) {
    return err(failure('credential.malformed', `header alg ${JSON.stringify(alg) ?? 'undefined'} is not accepted (only ${TOKEN_ALG})`, 'alg'));
  }
  if (Object.hasOwn(json, 'crit')) return err(failure('credential.malformed', 'header crit is not supported', 'crit'));
  const r = tokenHeaderSchema.safeParse(json);
  return r.success ? ok(r.data) : err(firstIssue('header', r.error));
}

/** Validates decoded claims against the schema of `typ`; the failure message names the first bad claim. */
export function parseTokenClaims<T extends TokenTyp>(typ: T, json: unknown): Result<Extract<TypedClaims, { typ: T }>, TokenParseFailure>;
export function parseTokenClaims(typ: TokenTyp, json: unknown): Result<TypedClaims, TokenParseFailure> {
  if (!isPlainObject(json)) return err(failure('credential.malformed', 'claims are not a JSON object'));
  switch (typ) {
    case 'gate-pass+jwt': {
      const r = passClaimsSchema.safeParse(json);
      return r.success ? ok({ typ, claims: r.data }) : err(firstIssue('claim', r.error));
    }
    case 'gate-hc+jwt': {
      const r = healthCodeClaimsSchema.safeParse(json);
      return r.success ? ok({ typ, claims: r.data }) : err(firstIssue('claim', r.error));
    }
    case 'gate-travel+jwt': {
      const r = travelClaimsSchema.safeParse(json);
      return r.success ? ok({ typ, claims: r.data }) : err(firstIssue('claim', r.error));
    }
  }
}

/**
 * What one verified token contributes to a session, by its typ. A health code carries its subject as a
 * credential too (kind `health-code`): it identifies only where the policy's identity rule accepts that
 * kind. A travel code never identifies.
 */
export type CredentialEvidence =
  /** kind `qr-pass`, `ref` = `sub`, `masked` as the issuer wrote it. */
  | { readonly typ: 'gate-pass+jwt'; readonly credential: Credential }
  /** `verified` via `signed-qr`, `issuedAt` = `colourSince` in ms; the credential as above, kind `health-code`. */
  | { readonly typ: 'gate-hc+jwt'; readonly credential: Credential; readonly healthCode: HealthCodeEvidence }
  /** via `signed-travel-code`, `issuedAt` = `iat` in ms. */
  | { readonly typ: 'gate-travel+jwt'; readonly travel: TravelEvidence };

export type ClaimsArgs =
  | readonly [typ: 'gate-pass+jwt', claims: PassClaims]
  | readonly [typ: 'gate-hc+jwt', claims: HealthCodeClaims]
  | readonly [typ: 'gate-travel+jwt', claims: TravelClaims];

/** A code's subject as a credential: `sub` is already the district ref. */
const subjectOf = (kind: 'qr-pass' | 'health-code', claims: { sub: string; masked: string }): Credential => ({
  kind,
  ref: claims.sub,
  masked: claims.masked,
  refKey: 'district',
});

/**
 * Maps validated claims to evidence. Pure; the caller has already checked the signature, the issuer and the
 * times. A resident pass yields only the credential: its household comes from the registers by `ref`.
 */
export function claimsToEvidence(...[typ, claims]: ClaimsArgs): CredentialEvidence {
  switch (typ) {
    case 'gate-pass+jwt':
      return { typ, credential: subjectOf('qr-pass', claims) };
    case 'gate-hc+jwt':
      return {
        typ,
        credential: subjectOf('health-code', claims),
        healthCode: {
          status: 'verified',
          via: 'signed-qr',
          colour: claims.colour,
          subject: claims.sub,
          issuer: claims.iss,
          issuedAt: claims.colourSince * 1000,
        },
      };
    case 'gate-travel+jwt':
      return {
        typ,
        travel: {
          status: 'verified',
          via: 'signed-travel-code',
          subject: claims.sub,
          issuedAt: claims.iat * 1000,
          visited: claims.visited.map((v) => ({ area: v.area, lastDay: v.lastDay })),
        },
      };
  }
}

/** `claimsToEvidence` for claims still paired with their typ (as `parseTokenClaims` returns them). */
export function evidenceOfClaims(t: TypedClaims): CredentialEvidence {
  switch (t.typ) {
    case 'gate-pass+jwt':
      return claimsToEvidence(t.typ, t.claims);
    case 'gate-hc+jwt':
      return claimsToEvidence(t.typ, t.claims);
    case 'gate-travel+jwt':
      return claimsToEvidence(t.typ, t.claims);
  }
}

/**
 * The typ a token's header names, read from its decoded JSON even when the header fails validation (`alg:
 * none`, say): a refused code whose type is known fails that type's rule. Undefined when it names none.
 */
export function namedTyp(headerJson: unknown): TokenTyp | undefined {
  if (!isPlainObject(headerJson) || !Object.hasOwn(headerJson, 'typ')) return undefined;
  const typ = headerJson['typ'];
  return (TOKEN_TYPS as readonly unknown[]).includes(typ) ? (typ as TokenTyp) : undefined;
}
