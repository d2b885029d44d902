/**
 * Picks one person's reading out of a thermometer's stream of frames. A plain IR board (GY-MCU90614)
 * reports whatever is in front of it, ambient included, many times a second (docs/devices.md §1.2,
 * 14 Hz default), so the lane must decide when a frame is a person: the object temperature rises above
 * `presenceMinC` and holds steady for `stableFrames` frames. After a reading is taken, the selector waits
 * for the person to step away before it takes another, unless the session asks for a re-measure.
 *
 * A reading is the mean of the steady run: surface frames get the configured surface→body `compensation`,
 * frames a body-mode module already compensated (`basis: 'body'`) never do; the site `offsetC` is added to
 * both (docs/devices.md §1.5).
 */
import type { AppliedCompensation, TemperatureReading } from '../domain.js';

/** The gate's surface→body model: none, or core = surface + (surface − ambient)·factor. */
export type Compensation = { readonly kind: 'none' } | { readonly kind: 'linear'; readonly factor: number };

export interface SelectorConfig {
  /** Object temperature at which someone is taken to be in front of the sensor, °C. */
  readonly presenceMinC: number;
  /** Consecutive present frames within `stableToleranceC` of each other before a reading is taken. */
  readonly stableFrames: number;
  readonly stableToleranceC: number;
  /** Added to every reading after compensation (site calibration), °C. */
  readonly offsetC: number;
  /** Applied to surface frames only. */
  readonly compensation: Compensation;
  /** After a re-measure is asked for, frames before this long are ignored, ms. */
  readonly remeasureGapMs: number;
}

/** A thermometer frame as drivers/thermometer/thermometer.ts `ThermometerFrame` has it. */
export interface Frame {
  readonly objectC: number;
  readonly ambientC: number;
  /** `surface`: the lane compensates it; `body`: the module did, and it is never compensated again. */
  readonly basis: 'surface' | 'body';
  readonly at: number;
}

export type SelectorState =
  | { readonly phase: 'absent' }
  | { readonly phase: 'settling'; readonly frames: readonly Frame[] }
  /** A reading was taken; waits for the person to leave. */
  | { readonly phase: 'taken' }
  /** A re-measure was asked for: ignore frames until `until`, then settle again even if still present. */
  | { readonly phase: 'gap'; readonly until: number };

export const SELECTOR_START: SelectorState = { phase: 'absent' };

/** A reading as the selector takes it; the lane adds the device. */
export type Selected = Omit<TemperatureReading, 'device'>;

const present = (c: SelectorConfig, f: Frame): boolean => Number.isFinite(f.objectC) && f.objectC >= c.presenceMinC;

/** Frames of one run agree on their basis and lie within the tolerance of each other. */
const agrees = (c: SelectorConfig, a: Frame, b: Frame): boolean => a.basis === b.basis && Math.abs(a.objectC - b.objectC) <= c.stableToleranceC;

const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/** What compensation does to `rawC`, and its name for the record. */
function compensate(basis: Frame['basis'], rawC: number, ambientC: number, c: Compensation): { readonly valueC: number; readonly applied: AppliedCompensation } {
  if (basis === 'body') return { valueC: rawC, applied: 'module' };
  if (c.kind === 'none') return { valueC: rawC, applied: 'none' };
  return { valueC: rawC + (rawC - ambientC) * c.factor, applied: `linear:${c.factor}` };
}

/** The reading a steady run of frames (at least one, all of one basis) makes. */
export function readingOf(frames: readonly Frame[], c: SelectorConfig): Selected {
  const rawC = mean(frames.map((f) => f.objectC));
  const ambientC = mean(frames.map((f) => f.ambientC));
  const last = frames[frames.length - 1];
  const { valueC, applied } = compensate(last?.basis ?? 'surface', rawC, ambientC, c.compensation);
  return { bodyC: valueC + c.offsetC, rawC, ambientC, offsetC: c.offsetC, compensation: applied, samples: frames.length, at: last?.at ?? 0 };
}

/**
 * One frame in. `reading`: a person's steady reading was just taken. `left`: the person who gave the last
 * reading just stepped away (the next reading is someone's, not necessarily theirs).
 */
export function feedFrame(state: SelectorState, frame: Frame, c: SelectorConfig): { state: SelectorState; reading?: Selected; left?: true } {
  switch (state.phase) {
    case 'gap':
      if (frame.at < state.until) return { state };
      return feedFrame({ phase: 'absent' }, frame, c);
    case 'taken':
      return present(c, frame) ? { state } : { state: SELECTOR_START, left: true };
    case 'absent':
    case 'settling': {
      if (!present(c, frame)) return { state: SELECTOR_START };
      const previous = state.phase === 'settling' ? state.frames : [];
      // Keep only the run of frames that agree with the newest one.
      const frames = previous.every((f) => agrees(c, f, frame)) ? [...previous, frame] : [frame];
      if (frames.length < c.stableFrames) return { state: { phase: 'settling', frames } };
      return { state: { phase: 'taken' }, reading: readingOf(frames, c) };
    }
  }
}

/** The session asked for another measurement: take the next steady reading after the gap. */
export function rearm(now: number, c: SelectorConfig): SelectorState {
  return { phase: 'gap', until: now + c.remeasureGapMs };
}
