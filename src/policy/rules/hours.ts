import type { RuleOf } from '../schema.js';
import type { Evaluation, RuleInput } from './evaluation.js';

/** Opening hours: the gate's local time must fall inside one of the windows. */
export function evaluateHours(rule: RuleOf<'hours'>, { clock }: RuleInput): Evaluation {
  const local = new Date(clock.now + rule.params.utcOffsetMinutes * 60_000);
  const weekday = ((local.getUTCDay() + 6) % 7) + 1; // ISO: Monday 1 … Sunday 7
  const time = local.toISOString().slice(11, 16);
  const open = rule.params.windows.some((w) => w.days.includes(weekday) && w.from <= time && time < w.to);
  return { outcome: open ? 'PASSED' : 'FAILED', values: { weekday, time } };
}
