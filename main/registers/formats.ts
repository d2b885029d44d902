/**
 * The import formats, one JSON document per register (examples in resources/registers/examples/):
 *
 * residents    `[{ "ref": "<64 hex>", "household": "B3-1201" }, …]`
 *              `ref` = hex(HMAC-SHA256(districtKey, "resident-id:" + ID number, 18 chars, X uppercase)):
 *              lists arrive already hashed. For convenience a row may give `"idNumber"` instead of `ref`;
 *              it is hashed at import with the district key (import that first) and never stored.
 * quarantine   `[{ "ref" | "idNumber": …, "from": "<ISO instant>", "until": "<ISO instant>" | null }, …]`
 *              quarantined from ≤ t < until; `until` null or absent: until further notice.
 * risk-areas   `[{ "area": "420106", "level": "high" | "medium", "from": "YYYY-MM-DD", "until": "YYYY-MM-DD" | null }, …]`
 *              listed from `from` through `until`, both days inclusive; null or absent: still listed.
 * issuer-keys  `[{ "kid", "issuer", "typs": [...], "publicJwk": { "kty": "OKP", "crv": "Ed25519", "x" },
 *                  "notBefore": <epoch ms> | null, "notAfter": <epoch ms> | null }, …]`
 *              exactly the `<kid>.public.json` that `gate issuer-keygen` writes (src/credentials/issuer-key.ts).
 * district-key `{ "key": "<64 hex>" }`: the district-wide 32-byte HMAC key behind every `ref`.
 *
 * Every row is checked; failures name the row (counting from 1) and the field: `row 12: household: …`.
 * They never repeat an ID number.
 */
import { z } from 'zod';
import { RISK_LEVELS } from '../../src/registers.js';

/** A register's name on the command line. */
export const REGISTER_KINDS = ['residents', 'quarantine', 'risk-areas', 'issuer-keys', 'district-key'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

/** Most rows one import takes. */
export const MAX_ROWS = 1_000_000;

export const hex64 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters')
  .transform((s) => s.toLowerCase());

/** A 18-character ID number: only its shape here; the check digit is checked when it is hashed. Never echoed. */
const idNumber = z.string().regex(/^[0-9]{17}[0-9Xx]$/, 'must be 17 digits and a digit or X');

const isoInstant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant with a zone, e.g. 2026-11-22T08:00:00+08:00' });
const isoDay = z.iso.date({ error: 'must be a day, YYYY-MM-DD' });

/** Either `ref` or `idNumber`, not both. */
const person = {
  ref: hex64.optional(),
  idNumber: idNumber.optional(),
};
const exactlyOnePerson = (r: { ref?: string | undefined; idNumber?: string | undefined }, ctx: z.RefinementCtx): void => {
  if ((r.ref === undefined) === (r.idNumber === undefined)) ctx.addIssue({ code: 'custom', message: 'give exactly one of ref and idNumber', path: ['ref'] });
};

export const residentRow = z
  .strictObject({ ...person, household: z.string().trim().min(1, 'must not be empty').max(64) })
  .superRefine(exactlyOnePerson);

export const quarantineRow = z
  .strictObject({ ...person, from: isoInstant, until: isoInstant.nullable().optional() })
  .superRefine(exactlyOnePerson)
  .superRefine((r, ctx) => {
    if (r.until !== undefined && r.until !== null && Date.parse(r.until) <= Date.parse(r.from)) {
      ctx.addIssue({ code: 'custom', message: 'must be after from', path: ['until'] });
    }
  });

export const riskAreaRow = z
  .strictObject({
    area: z.string().regex(/^[0-9]{6}$/, 'must be a 6-digit division code'),
    level: z.enum(RISK_LEVELS),
    from: isoDay,
    until: isoDay.nullable().optional(),
  })
  .superRefine((r, ctx) => {
    if (r.until !== undefined && r.until !== null && r.until < r.from) ctx.addIssue({ code: 'custom', message: 'must not be before from', path: ['until'] });
  });

export const districtKeyDoc = z.strictObject({ key: hex64 });

export type ResidentRow = z.infer<typeof residentRow>;
export type QuarantineRow = z.infer<typeof quarantineRow>;
export type RiskAreaRow = z.infer<typeof riskAreaRow>;
