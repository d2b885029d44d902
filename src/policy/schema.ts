/**
 * The policy file format, `gate.policy/1`. A policy is data in a closed vocabulary: the engine has no
 * hook for any condition that is not one of these rule kinds. Every rule cites the notice clause that
 * sets it, so each decision can say which published rule decided it.
 */
import { z } from 'zod';
import { CREDENTIAL_KINDS, DIRECTIONS, MASK_EVIDENCE_KINDS } from '../domain.js';

const isoInstant = z.iso.datetime({ offset: true });
const ruleId = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, 'lowercase letters, digits, "." and "-", at most 64');

/** What a failed (or unprovable) rule does to the verdict. A rule can never admit by itself. */
export const ruleEffect = z.enum(['deny', 'refer']);

export const citation = z.strictObject({
  /** `id` of an entry in the policy's `notices`. */
  notice: z.string().min(1),
  /** The clause as the notice words or numbers it, e.g. "二(三)" or "para 3". */
  clause: z.string().min(1).max(200),
});

const ruleCommon = {
  id: ruleId,
  cites: citation,
  directions: z.array(z.enum(DIRECTIONS)).min(1).max(2).default([...DIRECTIONS]),
  onFail: ruleEffect,
  /** When the evidence the rule needs never arrived (timeout, sensor fault). Missing evidence never admits. */
  onMissing: ruleEffect.default('refer'),
  /**
   * Parameters the operator set with no notice behind them (the 37.3 °C threshold, say, where the notice
   * only says "temperature must be measured"). The kiosk shows them as local; a citation is never invented.
   */
  localParams: z.array(z.string().min(1).max(64)).max(16).default([]),
};

export const identityRule = z.strictObject({
  ...ruleCommon,
  kind: z.literal('identity'),
  params: z.strictObject({ accept: z.array(z.enum(CREDENTIAL_KINDS)).min(1) }),
});

export const temperatureRule = z.strictObject({
  ...ruleCommon,
  kind: z.literal('temperature'),
  params: z
    .strictObject({
      /** Body temperature at or above this is a fever. [35.0 … 39.0] °C */
      thresholdC: z.number().min(35).max(39),
      /** How many further measurements a fever reading earns before it fails. [0 … 5] */
      remeasures: z.int().min(0).max(5),
      /** Outside this range a reading is a sensor fault, never a fever. °C */
      plausibleC: z.strictObject({ min: z.number().min(25).max(37), max: z.number().min(37).max(45) }),
    })
    .refine((p) => p.thresholdC > p.plausibleC.min && p.thresholdC < p.plausibleC.max, {
      message: 'thresholdC must lie inside plausibleC',
      path: ['thresholdC'],
    }),
});

export const maskRule = z.strictObject({
  ...ruleCommon,
  kind: z.literal('mask'),
  params: z.strictObject({ accept: z.array(z.enum(MASK_EVIDENCE_KINDS)).min(1) }),
});

export const rule = z.discriminatedUnion('kind', [identityRule, temperatureRule, maskRule]);

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
    rules: z.array(rule).max(64),
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
export type Rule = z.infer<typeof rule>;
export type RuleKind = Rule['kind'];
export type RuleEffect = z.infer<typeof ruleEffect>;
export type RuleOf<K extends RuleKind> = Extract<Rule, { kind: K }>;
export type TemperatureParams = RuleOf<'temperature'>['params'];
