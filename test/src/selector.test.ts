import { describe, expect, it } from 'vitest';
import { SELECTOR_START, feedFrame, rearm, type Frame, type SelectorState } from '../../src/thermometry/selector.js';

const cfg = { presenceMinC: 30, stableFrames: 2, stableToleranceC: 0.3, offsetC: 1, remeasureGapMs: 1000 };

function feed(frames: Frame[], start: SelectorState = SELECTOR_START) {
  let state = start;
  const readings: number[] = [];
  for (const f of frames) {
    const r = feedFrame(state, f, cfg);
    state = r.state;
    if (r.reading) readings.push(Math.round(r.reading.bodyC * 100) / 100);
  }
  return { state, readings };
}
const f = (objectC: number, at: number): Frame => ({ objectC, ambientC: 24, at });

describe('thermometer reading selection', () => {
  it('ignores ambient frames and takes one steady reading per person, calibrated', () => {
    const r = feed([f(24, 0), f(25, 200), f(35.4, 400), f(35.6, 600), f(35.5, 800), f(35.5, 1000)]);
    expect(r.readings).toEqual([36.5]);
    expect(r.state.phase).toBe('taken');
  });

  it('waits for a jumpy signal to settle', () => {
    expect(feed([f(31, 0), f(35, 200), f(35.1, 400)]).readings).toEqual([36.05]);
  });

  it('takes the next person only after the previous one left', () => {
    expect(feed([f(35.5, 0), f(35.5, 1), f(24, 2), f(35.9, 3), f(35.9, 4)]).readings).toEqual([36.5, 36.9]);
  });

  it('takes another reading from the same person after a re-measure gap', () => {
    const first = feed([f(37, 0), f(37, 100)]);
    const again = feed([f(36, 500), f(36, 700), f(35.8, 1200), f(35.8, 1400)], rearm(100, cfg));
    expect(first.readings).toEqual([38]);
    expect(again.readings).toEqual([36.8]);
  });

  it('never takes NaN or infinite frames as a person', () => {
    expect(feed([f(Number.NaN, 0), f(Number.POSITIVE_INFINITY, 1), f(Number.NaN, 2)]).readings).toEqual([]);
  });
});
