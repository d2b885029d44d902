/**
 * The policy file format, `gate.policy/1`. A policy is data in a closed vocabulary: the engine has no
 * hook for any condition that is not one of these rule kinds. Every rule cites the notice clause that
 * sets it, so each decision can say which published rule decided it.
 */
import { z } from 'zod';
import { quantity } from '../schema-meta.js';
import { citation, ruleEffect, ruleSchema, TIME_DEPENDENT_KINDS } from './rule-schemas.js';

const isoInstant = z.iso.datetime({ offset: true });

export { citation, ruleEffect, ruleSchema as rule, TIME_DEPENDENT_KINDS } from './rule-schemas.js';

export const notice = z
  .strictObject({
    id: z.string().min(1).max(64).describe('What rules cite this notice by (1–64 characters).'),
    title: z.string().min(1).max(300).describe('The notice’s title as published.'),
    issuer: z.string().min(1).max(200).describe('Who published it.'),
    date: z.iso.date().describe('The date the notice was issued, YYYY-MM-DD.'),
    url: z.url().optional().describe('Where it is published.'),
  })
  .describe('A published notice this policy implements.');

export const policySchema = z
  .strictObject({
    format: z.literal('gate.policy/1').describe('The format of this document.'),
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/).describe('The policy’s id, recorded with every decision: 1–64 lowercase letters, digits, "." and "-".'),
    version: z.string().min(1).max(32).describe('Its version, recorded with every decision (1–32 characters).'),
    issuer: z.string().min(1).max(200).describe('Who issued this policy (the compound’s management, a district office).'),
    effective: z
      .strictObject({
        from: isoInstant.describe('In force from this instant (inclusive), ISO 8601 with a zone.'),
        until: isoInstant.optional().describe('In force until this instant (exclusive), after `from`; absent: until replaced.'),
      })
      .describe('When the policy is in force. Outside it every verdict is at least `refer`, with the note `policy-not-yet-effective` or `policy-expired`.'),
    notices: z.array(notice).min(1).describe('The notices the policy implements, at least one; every rule cites one of them.'),
    rules: z.array(ruleSchema).max(64).describe('The rules, at most 64, ids unique. Any `deny` effect denies; else any `refer` effect refers; else the person is admitted.'),
    clock: z
      .strictObject({
        onUntrusted: ruleEffect.describe(
          `While the gate’s clock cannot be trusted (a jump, a dead RTC), every time-dependent rule (${TIME_DEPENDENT_KINDS.join(', ')}) is MISSING_EVIDENCE with this effect.`,
        ),
        cites: citation.optional(),
      })
      .default({ onUntrusted: 'refer' })
      .describe('What time-dependent rules do while the gate’s clock cannot be trusted.'),
    retention: z
      .strictObject({
        days: quantity(z.int().min(1).max(3650), 'days', 'How long decisions and sealed registrations are kept (undelivered decisions 7 days more).'),
        cites: citation.optional(),
      })
      .default({ days: 30 })
      .describe('How long records are kept; without `cites` it is a local choice.'),
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
  })
  .meta({ title: 'Gate terminal policy (gate.policy/1)', description: 'The rules a gate decides by (docs/policy.md).' });

export type Policy = z.infer<typeof policySchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type RuleKind = Rule['kind'];
export type RuleEffect = z.infer<typeof ruleEffect>;
export type Citation = z.infer<typeof citation>;
export type RuleOf<K extends RuleKind> = Extract<Rule, { kind: K }>;
export type TemperatureParams = RuleOf<'temperature'>['params'];
