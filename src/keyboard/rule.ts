/**
 * The rule that makes a burst of key presses a scan (docs/devices/wedge.md §2). A burst is a run of key presses
 * each at most `maxIntervalMs` after the one before, of keys a scanner types (US-layout characters and the
 * suffix keys, no Ctrl/Alt/Meta), with no key held while the next goes down and no auto-repeat; it ends at a
 * suffix key, a longer gap, or any other key. It is a scan when it has at least `minLength` characters and
 * either its mean interval is at most `fastMeanMs` (no person keeps that up), or it ends with a suffix key and
 * its intervals are regular (coefficient of variation at most `maxJitter`: a scanner's clock, not fingers).
 */
import type { WedgeSettings } from './settings.js';

/** Why a burst is a person typing. */
export type TypingReason =
  /** Fewer characters than `minLength`. */
  | 'too-short'
  /** Slower than `fastMeanMs` on average and no suffix key at its end. */
  | 'slow-without-suffix'
  /** Slower than `fastMeanMs` and its intervals vary more than `maxJitter`. */
  | 'irregular'
  /** A key no scanner types (Backspace, arrows, a Ctrl/Alt/Meta chord, a key an input method is composing) came in the burst. */
  | 'not-a-scan-key'
  /** A key went down while another was still held: fingers roll over, a scanner releases each key first. */
  | 'rollover'
  /** The key is held and repeating. */
  | 'repeat';

export interface Burst {
  /** Characters typed, the suffix key not counted. */
  readonly chars: number;
  /** Press-to-press intervals, ms, the suffix key's included. */
  readonly intervals: readonly number[];
  /** Whether it ended with a suffix key. */
  readonly suffix: boolean;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Coefficient of variation (population standard deviation over the mean); 0 when the mean is 0. */
export function jitterOf(intervals: readonly number[]): number {
  const m = mean(intervals);
  if (m === 0) return 0;
  const variance = mean(intervals.map((x) => (x - m) ** 2));
  return Math.sqrt(variance) / m;
}

export function classifyBurst(burst: Burst, settings: WedgeSettings): 'scan' | TypingReason {
  if (burst.chars < settings.minLength) return 'too-short';
  if (mean(burst.intervals) <= settings.fastMeanMs) return 'scan';
  if (!burst.suffix) return 'slow-without-suffix';
  return jitterOf(burst.intervals) <= settings.maxJitter ? 'scan' : 'irregular';
}
