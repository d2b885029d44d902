/**
 * The registers the rules consult, as the engine sees them: read-only lookups by a person's `ref` (the
 * district HMAC of their credential, so lists arrive already hashed and the gate never holds ID numbers).
 * main/ implements this over SQLite with in-memory indexes; tests use plain objects. Implementations must
 * be pure functions of their data and the arguments: the engine's determinism rests on it.
 */
export const RISK_LEVELS = ['high', 'medium'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface Registers {
  /** The household of a registered resident, or undefined for anyone else. */
  residentHousehold(ref: string): string | undefined;
  /** Whether the person is under home quarantine at `at` (epoch ms). */
  quarantined(ref: string, at: number): boolean;
  /** The risk level of an area (6-digit division code) on a day (YYYY-MM-DD), if it was listed then. */
  riskLevel(area: string, day: string): RiskLevel | undefined;
  /** Exits counted for a household at or after `since` (confirmed passages where the lane has a passage input, else admits). */
  exitsSince(household: string, since: number): number;
}

/**
 * Registers that change while the gate runs (a bundle, an import). A session decides by `frozen()`, taken
 * when it starts: a change applies to the next session only.
 */
export interface LiveRegisters extends Registers {
  frozen(): Registers;
}

export const NO_REGISTERS: LiveRegisters = {
  residentHousehold: () => undefined,
  quarantined: () => false,
  riskLevel: () => undefined,
  exitsSince: () => 0,
  frozen: () => NO_REGISTERS,
};
