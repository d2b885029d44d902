/**
 * What tells a scanner's burst from a person typing (docs/devices/wedge.md §2). Defaults from the published
 * timings: Honeywell ~10 ms/key, Zebra ~80 ms with peaks to 100 ms, onScan.js `minLength` 6 and suffix Tab/Enter.
 */
export interface WedgeSettings {
  /** Characters (the suffix not counted) a scan has at least: onScan.js's 6. */
  readonly minLength: number;
  /** A longer gap between two key presses ends the burst: Zebra's 100 ms peaks with margin. */
  readonly maxIntervalMs: number;
  /** A burst whose mean press-to-press interval is at most this is a scan without more evidence: no person keeps it up over `minLength` keys. */
  readonly fastMeanMs: number;
  /** A slower burst is a scan only if it ends with a suffix key and its intervals' coefficient of variation is at most this. */
  readonly maxJitter: number;
  /** Physical keys a scanner sends after a code (KeyboardEvent.code). */
  readonly suffixKeys: readonly string[];
  /** A burst this long is decided at once (memory bound); longer codes arrive as several scans. */
  readonly maxLength: number;
}

export const WEDGE_DEFAULTS: WedgeSettings = {
  minLength: 6,
  maxIntervalMs: 150,
  fastMeanMs: 40,
  maxJitter: 0.25,
  suffixKeys: ['Enter', 'NumpadEnter', 'Tab'],
  maxLength: 8192,
};
