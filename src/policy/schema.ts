/**
 * The policy file format, `gate.policy/1`. A policy is data in a closed vocabulary: the engine has no
 * hook for any condition that is not one of these rule kinds. Every rule cites the notice clause that
 * sets it, so each decision can say which published rule decided it.
 */
import { z } from 'zod';
import { citation, ruleEffect, ruleSchema } from './rule-schemas.js';

const isoInstant = z.iso.datetime({ offset: true });

export { citation, ruleEffect, ruleSchema as rule, TIME_DEPENDENT_KINDS } from './rule-schemas.js';

export const notice = z.strictObject({
  id: z.string().min(1).max(64),
  title: z.string().min(1).max(300),
  issuer: z.string().min(1).max(200),
  /** Date the notice was issued, YYYY-MM-DD. */
  date: z.iso.date(),
  url: z.url().optional(),
});

export const policySchema = z
  .strictObject({
    format: z.literal('gate.policy/1'),
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/),
    version: z.string().min(1).max(32),
    issuer: z.string().min(1).max(200),
    effective: z.strictObject({ from: isoInstant, until: isoInstant.optional() }),
    notices: z.array(notice).min(1),
    rules: z.array(ruleSchema).max(64),
    /** What time-dependent rules do while the gate's clock cannot be trusted (a jump, a dead RTC). */
    clock: z.strictObject({ onUntrusted: ruleEffect, cites: citation.optional() }).default({ onUntrusted: 'refer' }),
    /** How long decisions and sealed registrations are kept; without `cites` it is a local choice. [1 … 3650] days */
    retention: z.strictObject({ days: z.int().min(1).max(3650), cites: citation.optional() }).default({ days: 30 }),
  })
  .superRefine((p, ctx) => {
    const ids = new Set<string>();
    p.rules.forEach((r, i) => {
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', message: `duplicate rule id "${r.id}"`, path: ['rules', i, 'id'] });
      ids.add(r.id);
      r.localParams.forEach((name, j) => {
        if (!Object.hasOwn(r.params, name)) {
          ctx.addIssue({ code: 'custom', message: `"${name}" is not a parameter of this rule`, path: ['rules', i, 'localParams', j] });
        }
      });
      if (!p.notices.some((n) => n.id === r.cites.notice)) {
        ctx.addIssue({ code: 'custom', message: `cites unknown notice "${r.cites.notice}"`, path: ['rules', i, 'cites', 'notice'] });
      }
    });
    if (p.effective.until !== undefined && Date.parse(p.effective.until) <= Date.parse(p.effective.from)) {
      ctx.addIssue({ code: 'custom', message: 'must be after effective.from', path: ['effective', 'until'] });
    }
  });

export type Policy = z.infer<typeof policySchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type RuleKind = Rule['kind'];
export type RuleEffect = z.infer<typeof ruleEffect>;
export type Citation = z.infer<typeof citation>;
export type RuleOf<K extends RuleKind> = Extract<Rule, { kind: K }>;
export type TemperatureParams = RuleOf<'temperature'>['params'];
