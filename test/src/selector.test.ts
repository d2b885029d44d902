import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thermometerCommon } from '../../src/config/thermometer.js';
import { SELECTOR_START, feedFrame, rearm, type Frame, type Selected, type SelectorConfig, type SelectorState } from '../../src/thermometry/selector.js';

const cfg: SelectorConfig = { presenceMinC: 30, stableFrames: 2, stableToleranceC: 0.3, offsetC: 1, compensation: { kind: 'none' }, remeasureGapMs: 1000 };

function feed(frames: Frame[], start: SelectorState = SELECTOR_START, c: SelectorConfig = cfg) {
  let state = start;
  const taken: Selected[] = [];
  for (const f of frames) {
    const r = feedFrame(state, f, c);
    state = r.state;
    if (r.reading) taken.push(r.reading);
  }
  return { state, taken, readings: taken.map((r) => Math.round(r.bodyC * 100) / 100) };
}
const f = (objectC: number, at: number, ambientC = 24): Frame => ({ objectC, ambientC, basis: 'surface', at });
const body = (objectC: number, at: number, ambientC = 24): Frame => ({ objectC, ambientC, basis: 'body', at });
const round = (n: number): number => Math.round(n * 1e6) / 1e6;

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

describe('what a reading records', () => {
  it('records the mean raw value and ambient, the offset, the compensation and how many frames it averaged', () => {
    const { taken } = feed([f(35.4, 10, 23), f(35.6, 20, 25)], SELECTOR_START, { ...cfg, stableFrames: 2 });
    expect(taken).toHaveLength(1);
    const [r] = taken;
    expect({ ...r, rawC: round(r?.rawC ?? 0), bodyC: round(r?.bodyC ?? 0) }).toEqual({ bodyC: 36.5, rawC: 35.5, ambientC: 24, offsetC: 1, compensation: 'none', samples: 2, at: 20 });
  });

  it('counts the frames of the steady run only, not the unsteady ones before it', () => {
    const { taken } = feed([f(31, 0), f(35, 1), f(35.1, 2), f(35.2, 3)], SELECTOR_START, { ...cfg, stableFrames: 3 });
    expect(taken.map((r) => r.samples)).toEqual([3]);
    expect(round(taken[0]?.rawC ?? 0)).toBe(35.1);
  });
});

describe('surface→body compensation', () => {
  const linear: SelectorConfig = { ...cfg, offsetC: 0, compensation: { kind: 'linear', factor: 0.16 } };

  it('applies core = surface + (surface − ambient)·factor to surface frames, then the offset', () => {
    const [r] = feed([f(34, 0, 24), f(34, 1, 24)], SELECTOR_START, { ...linear, offsetC: 0.2 }).taken;
    expect(round(r?.bodyC ?? 0)).toBe(round(34 + 10 * 0.16 + 0.2));
    expect(r).toMatchObject({ rawC: 34, ambientC: 24, offsetC: 0.2, compensation: 'linear:0.16', samples: 2 });
  });

  it('never compensates a body-mode module’s frames: only the offset is added', () => {
    const [r] = feed([body(36.6, 0, 24), body(36.6, 1, 24)], SELECTOR_START, { ...linear, offsetC: 0.3 }).taken;
    expect(round(r?.bodyC ?? 0)).toBe(36.9);
    expect(r).toMatchObject({ rawC: 36.6, offsetC: 0.3, compensation: 'module' });
  });

  it('with compensation none, surface readings are as they always were (mean + offset)', () => {
    const [r] = feed([f(35, 0, 20), f(35.2, 1, 20)]).taken;
    expect(round(r?.bodyC ?? 0)).toBe(36.1);
    expect(r?.compensation).toBe('none');
  });

  it('frames of another basis break a steady run, so no reading mixes compensated and uncompensated values', () => {
    const r = feed([body(36.6, 0), f(36.6, 1), body(36.6, 2)], SELECTOR_START, { ...linear, stableFrames: 2 });
    expect(r.taken).toEqual([]);
    expect(r.state).toEqual({ phase: 'settling', frames: [body(36.6, 2)] });
  });

  it('property (10,000 runs): a reading is compensated exactly once, by its frames’ basis', () => {
    const temp = fc.integer({ min: 300, max: 420 }).map((n) => n / 10);
    const ambient = fc.integer({ min: -100, max: 400 }).map((n) => n / 10);
    fc.assert(
      fc.property(
        fc.constantFrom<Frame['basis']>('surface', 'body'),
        fc.array(fc.tuple(temp, ambient), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
        fc.integer({ min: -50, max: 80 }).map((n) => n / 10),
        (basis, values, factor, offsetC) => {
          const c: SelectorConfig = { ...cfg, stableFrames: values.length, stableToleranceC: 20, offsetC, compensation: { kind: 'linear', factor } };
          const frames = values.map(([objectC, ambientC], at) => ({ objectC, ambientC, basis, at }));
          const { taken } = feed(frames, SELECTOR_START, c);
          expect(taken).toHaveLength(1);
          const r = taken[0]!;
          const rawC = values.reduce((s, [o]) => s + o, 0) / values.length;
          const ambientC = values.reduce((s, [, a]) => s + a, 0) / values.length;
          const expected = basis === 'body' ? rawC + offsetC : rawC + (rawC - ambientC) * factor + offsetC;
          expect(r.bodyC).toBeCloseTo(expected, 9);
          expect(r.samples).toBe(values.length);
          expect(r.compensation).toBe(basis === 'body' ? 'module' : `linear:${factor}`);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe('the compensation setting', () => {
  const compensation = thermometerCommon.compensation;

  it('defaults to none, so existing sites keep their readings', () => {
    expect(compensation.parse(undefined)).toEqual({ kind: 'none' });
  });

  it('takes a linear factor within 0 … 1 and names a wrong one by field', () => {
    expect(compensation.parse({ kind: 'linear', factor: 0.16 })).toEqual({ kind: 'linear', factor: 0.16 });
    const bad = compensation.safeParse({ kind: 'linear', factor: 1.5 });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'))).toEqual(['factor']);
    expect(compensation.safeParse({ kind: 'linear' }).success).toBe(false);
    expect(compensation.safeParse({ kind: 'quadratic', factor: 0.1 }).success).toBe(false);
    expect(compensation.safeParse({ kind: 'none', factor: 0.1 }).success).toBe(false);
  });
});
