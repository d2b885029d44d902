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

export function evaluateTemperature(rule: RuleOf<'temperature'>, { evidence }: RuleInput): Evaluation {
  const p = rule.params;
  const readings = evidence.temperatures;
  const values = {
    readingsC: readings.map((r) => (Number.isFinite(r.bodyC) ? round2(r.bodyC) : null)),
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
