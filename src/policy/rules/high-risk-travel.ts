import type { RuleOf } from '../schema.js';
import { DAY_MS, type Evaluation, type RuleInput } from './evaluation.js';

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** High-risk travel: a visit to an area listed at one of the given levels, within `withinDays` of today. */
export function evaluateHighRiskTravel(rule: RuleOf<'high-risk-travel'>, { evidence, registers, clock }: RuleInput): Evaluation {
  const p = rule.params;
  const travel = evidence.travel;
  if (travel === undefined) return { outcome: 'MISSING_EVIDENCE', values: { accepted: [...p.accept] } };
  if (!p.accept.includes(travel.via)) return { outcome: 'FAILED', values: { via: travel.via, accepted: [...p.accept] } };
  const earliest = dayOf(clock.now - p.withinDays * DAY_MS);
  const hits = travel.visited
    .filter((v) => v.lastDay >= earliest)
    .flatMap((v) => {
      const level = registers.riskLevel(v.area, v.lastDay);
      return level !== undefined && p.levels.includes(level) ? [{ area: v.area, lastDay: v.lastDay, level }] : [];
    });
  return { outcome: hits.length === 0 ? 'PASSED' : 'FAILED', values: { via: travel.via, withinDays: p.withinDays, hits } };
}
