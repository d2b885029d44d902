/**
 * Picks one person's reading out of a thermometer's stream of frames. A plain IR board (GY-MCU90614)
 * reports whatever is in front of it, ambient included, many times a second (docs/devices.md §1.2,
 * 14 Hz default), so the lane must decide when a frame is a person: the object temperature rises above
 * `presenceMinC` and holds steady for `stableFrames` frames. After a reading is taken, the selector waits
 * for the person to step away before it takes another, unless the session asks for a re-measure.
 */

export interface SelectorConfig {
  /** Object temperature at which someone is taken to be in front of the sensor, °C. */
  readonly presenceMinC: number;
  /** Consecutive present frames within `stableToleranceC` of each other before a reading is taken. */
  readonly stableFrames: number;
  readonly stableToleranceC: number;
  /** Added to object temperature to estimate body temperature (site calibration), °C. */
  readonly offsetC: number;
  /** After a re-measure is asked for, frames before this long are ignored, ms. */
  readonly remeasureGapMs: number;
}

export interface Frame {
  readonly objectC: number;
  readonly ambientC: number;
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

export interface Selected {
  readonly bodyC: number;
  readonly objectC: number;
  readonly ambientC: number;
  readonly at: number;
}

const present = (c: SelectorConfig, f: Frame): boolean => Number.isFinite(f.objectC) && f.objectC >= c.presenceMinC;

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
      const steady = previous.filter((f) => Math.abs(f.objectC - frame.objectC) <= c.stableToleranceC);
      // Keep only the run of frames that agree with the newest one.
      const frames = steady.length === previous.length ? [...previous, frame] : [frame];
      if (frames.length < c.stableFrames) return { state: { phase: 'settling', frames } };
      const objectC = frames.reduce((s, f) => s + f.objectC, 0) / frames.length;
      return {
        state: { phase: 'taken' },
        reading: { objectC, ambientC: frame.ambientC, bodyC: objectC + c.offsetC, at: frame.at },
      };
    }
  }
}

/** The session asked for another measurement: take the next steady reading after the gap. */
export function rearm(now: number, c: SelectorConfig): SelectorState {
  return { phase: 'gap', until: now + c.remeasureGapMs };
}
