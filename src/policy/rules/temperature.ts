import type { TemperatureReading } from '../../domain.js';
import type { RuleOf, TemperatureParams } from '../schema.js';
import type { Evaluation, RuleInput } from './evaluation.js';

/**
 * Where a person's measurements stand, for the session to know whether to ask for another one:
 * - `clear`: the latest plausible reading is below the threshold;
 * - `remeasure`: the latest plausible reading is a fever and re-measures remain;
 * - `fever`: every allowed measurement was a fever;
 * - `none`: no plausible reading yet (nothing taken, or only sensor faults).
 */
export type TemperatureStanding = 'clear' | 'remeasure' | 'fever' | 'none';

export function isPlausible(params: TemperatureParams, r: TemperatureReading): boolean {
  return Number.isFinite(r.bodyC) && r.bodyC >= params.plausibleC.min && r.bodyC <= params.plausibleC.max;
}

export function temperatureStanding(params: TemperatureParams, readings: readonly TemperatureReading[]): TemperatureStanding {
  const plausible = readings.filter((r) => isPlausible(params, r));
  const last = plausible.at(-1);
  if (last === undefined) return 'none';
  if (last.bodyC < params.thresholdC) return 'clear';
  return plausible.length > params.remeasures ? 'fever' : 'remeasure';
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
/** To 0.01; JSON has no NaN or infinity, so a value that is not a number is recorded as null. */
const recorded = (n: number): number | null => (Number.isFinite(n) ? round2(n) : null);

/**
 * What each reading was made of, for investigating a disputed fever: the sensor's mean value, the ambient, the
 * offset and compensation applied, and how many frames were averaged (src/domain.ts `TemperatureReading`).
 */
const made = (r: TemperatureReading) => ({
  bodyC: recorded(r.bodyC),
  rawC: recorded(r.rawC),
  ambientC: recorded(r.ambientC),
  offsetC: recorded(r.offsetC),
  compensation: r.compensation,
  samples: r.samples,
});

export function evaluateTemperature(rule: RuleOf<'temperature'>, { evidence }: RuleInput): Evaluation {
  const p = rule.params;
  const readings = evidence.temperatures;
  const values = {
    readingsC: readings.map((r) => recorded(r.bodyC)),
    readings: readings.map(made),
    implausible: readings.filter((r) => !isPlausible(p, r)).length,
    thresholdC: p.thresholdC,
    remeasures: p.remeasures,
  };
  switch (temperatureStanding(p, readings)) {
    case 'clear':
      return { outcome: 'PASSED', values };
    case 'fever':
      return { outcome: 'FAILED', values };
    case 'remeasure':
    case 'none':
      return { outcome: 'MISSING_EVIDENCE', values };
  }
}
