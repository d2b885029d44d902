/** Vocabulary shared by every layer: directions, credentials, readings, evidence. */

export const DIRECTIONS = ['entry', 'exit'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const VERDICTS = ['admit', 'deny', 'refer'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** How a person was identified. `manual` is the guard-registered lane (no smartphone, no card). */
export const CREDENTIAL_KINDS = ['resident-id', 'staff-badge', 'qr-pass', 'manual'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/**
 * An identified person, as the rest of the system may see them. Never carries a full ID number:
 * `masked` is for display (`4201**********1234`), `ref` is an opaque key for matching.
 */
export interface Credential {
  readonly kind: CredentialKind;
  readonly masked: string;
  readonly ref: string;
}

/** One accepted thermometer reading, already calibrated. Times are epoch milliseconds. */
export interface TemperatureReading {
  readonly bodyC: number;
  readonly objectC: number;
  readonly ambientC: number;
  readonly at: number;
  readonly device: string;
}

export const MASK_EVIDENCE_KINDS = ['self-declared', 'guard-confirmed', 'camera-detected'] as const;
export type MaskEvidenceKind = (typeof MASK_EVIDENCE_KINDS)[number];

export interface MaskEvidence {
  readonly kind: MaskEvidenceKind;
  readonly at: number;
}

/** Everything one checkpoint session gathered about one person; the engine's only input besides policy and clock. */
export interface Evidence {
  readonly identity?: Credential;
  /** Every plausible-or-not reading taken in this session, oldest first (re-measures append). */
  readonly temperatures: readonly TemperatureReading[];
  readonly mask?: MaskEvidence;
}

export const EMPTY_EVIDENCE: Evidence = { temperatures: [] };

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };
