import { refusalWords } from '../../credentials/refusal.js';
import type { RuleOf } from '../schema.js';
import { DAY_MS, subjectCheck, utcDate, type Evaluation, type RuleInput } from './evaluation.js';

/**
 * High-risk travel: a refused travel code fails; otherwise a visit to an area listed at one of the given
 * levels, within `withinDays` of today, fails — if the travel code is this person's. The rule has no
 * `onUnverifiable`: where the subject cannot be checked (no district key), `onMissing` applies.
 */
export function evaluateHighRiskTravel(rule: RuleOf<'high-risk-travel'>, { evidence, registers, clock }: RuleInput): Evaluation {
  const p = rule.params;
  const travel = evidence.travel;
  if (travel === undefined) return { outcome: 'MISSING_EVIDENCE', values: { accepted: [...p.accept] } };
  if (travel.status === 'refused') return { outcome: 'FAILED', values: { via: 'signed-travel-code', refused: travel.refusal, reason: refusalWords(travel.refusal) } };
  if (!p.accept.includes(travel.via)) return { outcome: 'FAILED', values: { via: travel.via, accepted: [...p.accept] } };
  const check = subjectCheck(evidence.identity, travel.subject);
  if (check === 'no-identity' || check === 'no-district-key') return { outcome: 'MISSING_EVIDENCE', values: { via: travel.via, subjectCheck: check } };
  if (check === 'mismatch') return { outcome: 'FAILED', values: { via: travel.via, subjectMismatch: true } };
  const earliest = utcDate(clock.now - p.withinDays * DAY_MS);
  const hits = travel.visited
    .filter((v) => v.lastDay >= earliest)
    .flatMap((v) => {
      const level = registers.riskLevel(v.area, v.lastDay);
      return level !== undefined && p.levels.includes(level) ? [{ area: v.area, lastDay: v.lastDay, level }] : [];
    });
  return { outcome: hits.length === 0 ? 'PASSED' : 'FAILED', values: { via: travel.via, withinDays: p.withinDays, hits } };
}
