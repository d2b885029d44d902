/** Vocabulary shared by every layer: directions, credentials, readings, evidence. */

export const DIRECTIONS = ['entry', 'exit'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const VERDICTS = ['admit', 'deny', 'refer'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * How a person was identified. `mrz` is a passport or travel-permit machine-readable zone; `qr-pass` a
 * signed resident pass (`gate-pass+jwt`) only; `health-code` a signed health code (`gate-hc+jwt`), which
 * identifies only where the policy's identity rule lists it (a screenshot identifies its subject); `manual`
 * the guard-registered lane for people without a smartphone or card, logged exactly like the others.
 * Travel codes never identify.
 */
export const CREDENTIAL_KINDS = ['resident-id', 'mrz', 'staff-badge', 'qr-pass', 'health-code', 'manual'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/**
 * Which key made a credential's `ref`: the district's (lists and signed codes use it, so refs match
 * across gates) or, before a district key was imported, this install's own (matches nothing upstream).
 */
export type RefKey = 'district' | 'install';

/**
 * An identified person, as the rest of the system may see them. Never carries a full ID number:
 * `masked` is for display (`4201**********1234`), `ref` is an opaque key for matching.
 */
export interface Credential {
  readonly kind: CredentialKind;
  readonly masked: string;
  readonly ref: string;
  readonly refKey: RefKey;
}

/**
 * A signed code the gate refused (expired, forged, unknown issuer…): it fails the rule for its type
 * with `refusal` as the reason, and never counts as the evidence it claims to be.
 */
export interface RefusedCode {
  readonly status: 'refused';
  /** `credential.expired`, `credential.bad-signature`, … (src/credentials/refusal.ts). */
  readonly refusal: string;
}

/**
 * How a reading's raw value became body temperature: `none` taken as it was, `module` already compensated
 * by a body-mode module (never compensated again), `linear:<factor>` the gate's surface→body model
 * core = surface + (surface − ambient)·factor (docs/devices.md §1.5).
 */
export type AppliedCompensation = 'none' | 'module' | `linear:${number}`;

/**
 * One accepted thermometer reading, with what it was made of, so a disputed fever can be investigated:
 * `bodyC` = compensated `rawC` + `offsetC`. `at` is on the lane's monotonic clock (ms): it orders and times
 * readings within a session and is never a wall-clock time.
 */
export interface TemperatureReading {
  readonly bodyC: number;
  /** Mean of the sensor's values over the frames averaged: surface temperature, or body from a body-mode module. */
  readonly rawC: number;
  /** Mean ambient temperature over the same frames. */
  readonly ambientC: number;
  /** The technician's per-device offset that was added. */
  readonly offsetC: number;
  readonly compensation: AppliedCompensation;
  /** How many frames were averaged. */
  readonly samples: number;
  readonly at: number;
  readonly device: string;
}

export const MASK_EVIDENCE_KINDS = ['self-declared', 'guard-confirmed', 'camera-detected'] as const;
export type MaskEvidenceKind = (typeof MASK_EVIDENCE_KINDS)[number];

export interface MaskEvidence {
  readonly kind: MaskEvidenceKind;
  /** The lane's monotonic clock, ms. */
  readonly at: number;
}

export const HEALTH_CODE_COLOURS = ['green', 'yellow', 'red'] as const;
export type HealthCodeColour = (typeof HEALTH_CODE_COLOURS)[number];

/** A health code: verified from a signed QR or online, an online check that could not be completed, or a refused signed code. */
export type HealthCodeEvidence =
  | {
      readonly status: 'verified';
      readonly via: 'signed-qr' | 'online';
      readonly colour: HealthCodeColour;
      /** The `ref` of the person the code was issued to; must match the identity's. */
      readonly subject: string;
      readonly issuer: string;
      /** When the issuer set this colour, epoch ms. */
      readonly issuedAt: number;
    }
  | { readonly status: 'unverifiable'; readonly via: 'online'; readonly reason: 'timeout' | 'unreachable' | 'refused' }
  | RefusedCode;

/** Where a person has been: from a signed travel code, or declared to the guard. */
export interface TravelEvidence {
  readonly status: 'verified';
  readonly via: 'signed-travel-code' | 'declaration';
  readonly subject: string;
  readonly issuedAt: number;
  /** Area codes (6-digit administrative division codes) and the last day there, YYYY-MM-DD. */
  readonly visited: readonly { readonly area: string; readonly lastDay: string }[];
}

/** Who a non-resident is, as the guard registers them; residency exemptions are by category. */
export const VISITOR_CATEGORIES = ['visitor', 'delivery', 'medical', 'emergency', 'official', 'staff'] as const;
export type VisitorCategory = (typeof VISITOR_CATEGORIES)[number];

export const REGISTRATION_FIELDS = ['name', 'phone', 'destination', 'id-number', 'purpose'] as const;
export type RegistrationField = (typeof REGISTRATION_FIELDS)[number];

/**
 * What was recorded about a person ("information must be recorded"). The engine sees only which fields
 * were recorded; their contents are sealed to the health authority and referenced by `sealedId`.
 */
export interface RegistrationEvidence {
  readonly fields: readonly RegistrationField[];
  readonly category: VisitorCategory;
  readonly sealedId: string;
  /** The guard who registered the person. */
  readonly by: string;
}

/** The clock a decision was made by, and whether it can be trusted for time-dependent rules. */
export interface ClockReading {
  readonly now: number;
  readonly trusted: boolean;
  /** e.g. `system-ntp`, `rtc`, `manual`. */
  readonly source: string;
  /** Last time the clock was known to be right, epoch ms; null if never. */
  readonly lastGoodSync: number | null;
}

/** Everything one checkpoint session gathered about one person; the engine's only input besides policy, registers and clock. */
export interface Evidence {
  readonly identity?: Credential;
  /** A signed resident pass presented in this session that the gate refused: the identity rule fails. */
  readonly refusedPass?: RefusedCode;
  /** Every plausible-or-not reading taken in this session, oldest first (re-measures append). */
  readonly temperatures: readonly TemperatureReading[];
  readonly mask?: MaskEvidence;
  /** Bound to the identity by the rules: its `subject` must equal `identity.ref`. */
  readonly healthCode?: HealthCodeEvidence;
  readonly travel?: TravelEvidence | RefusedCode;
  readonly registration?: RegistrationEvidence;
}

export const EMPTY_EVIDENCE: Evidence = { temperatures: [] };

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };
