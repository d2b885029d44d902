/**
 * The policy file format, `gate.policy/2`. A policy is data in a closed vocabulary: the engine has no
 * hook for any condition that is not one of these rule kinds. Every rule cites a clause of the notice
 * catalogue (src/notices/), so each decision can say which published rule decided it; whether the policy
 * leaves out what its notices make mandatory is checked against the catalogue (compliance.ts).
 */
import { z } from 'zod';
import { BUNDLE_KINDS } from '../bundles/kinds.js';
import { quantity } from '../schema-meta.js';
import { citation, ruleEffect, ruleKind, ruleSchema, TIME_DEPENDENT_KINDS } from './rule-schemas.js';

const isoInstant = z.iso.datetime({ offset: true });

export { citation, ruleEffect, ruleSchema as rule, TIME_DEPENDENT_KINDS } from './rule-schemas.js';

/** The format this gate reads; `gate.policy/1` (notices written out inline) is refused with how to migrate (load.ts). */
export const POLICY_FORMAT = 'gate.policy/2';

export const waiver = z
  .strictObject({
    kind: ruleKind.describe('The rule kind a cited notice makes mandatory that this policy leaves out.'),
    cites: citation.describe('The clause that lifts it: its catalogue entry lists `kind` under `lifts`, and its notice is dated later than every notice of the policy that makes `kind` mandatory.'),
  })
  .describe('A mandatory check a later notice lifted; the kiosk shows it with the lifting clause.');

/** The longest maximum age a policy may give a bundle kind: a year. */
export const MAX_FRESHNESS_HOURS = 8760;

export const freshnessEntry = z
  .strictObject({
    kind: z.enum(BUNDLE_KINDS).describe('The bundle kind (docs/bundles.md): `policy`, `residents`, `quarantine`, `risk-areas`, `issuer-keys`, `notices` or `district-key`.'),
    maxAgeHours: quantity(
      z.int().min(1).max(MAX_FRESHNESS_HOURS),
      'h',
      'How old what is in force for this kind may be: its age counts from the bundle’s issue time, or from when the gate applied it where it came without one (the policy file, `gate import`). A kind never applied at all counts as stale.',
    ),
    onStale: ruleEffect.describe(
      'While this kind is older than `maxAgeHours`, every rule that reads it (docs/policy.md, "Freshness") is MISSING_EVIDENCE with this effect: `refer` keeps deciding and sends those checks to the guard, `deny` denies them.',
    ),
    cites: citation.optional().describe('The catalogue clause behind this maximum age; absent: a local choice.'),
  })
  .describe('The maximum age of one bundle kind, and what the rules that read it do past it.');

export const policySchema = z
  .strictObject({
    format: z.literal(POLICY_FORMAT).describe('The format of this document.'),
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/).describe('The policy’s id, recorded with every decision: 1–64 lowercase letters, digits, "." and "-".'),
    version: z.string().min(1).max(32).describe('Its version, recorded with every decision (1–32 characters).'),
    issuer: z.string().min(1).max(200).describe('Who issued this policy (the compound’s management, a district office).'),
    effective: z
      .strictObject({
        from: isoInstant.describe('In force from this instant (inclusive), ISO 8601 with a zone.'),
        until: isoInstant.optional().describe('In force until this instant (exclusive), after `from`; absent: until replaced.'),
      })
      .describe('When the policy is in force. Outside it every verdict is at least `refer`, with the note `policy-not-yet-effective` or `policy-expired`.'),
    notices: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(16)
      .describe('The ids of the catalogue notices the policy implements (docs/notices.md), 1 to 16, unique; every citation names one of them, and every check they make mandatory needs a rule or a waiver.'),
    rules: z
      .array(ruleSchema)
      .max(64)
      .describe('The rules, 1 to 64 (an empty list is refused when the policy is loaded: it would admit everyone), ids unique. Any `deny` effect denies; else any `refer` effect refers; else the person is admitted.'),
    waived: z.array(waiver).max(10).optional().describe('Mandatory checks the policy leaves out because a later notice lifted them, kinds unique.'),
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
    freshness: z
      .array(freshnessEntry)
      .max(BUNDLE_KINDS.length)
      .optional()
      .describe(
        'The maximum age of each bundle kind the gate receives (docs/bundles.md §Freshness), kinds unique; absent (or a kind left out): no maximum age, nothing stale. The kiosk and the heartbeat show each kind’s age; the journal records `bundle.stale` and `bundle.fresh`.',
      ),
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
    });
    const listed = new Set<string>();
    p.notices.forEach((id, i) => {
      if (listed.has(id)) ctx.addIssue({ code: 'custom', message: `notice "${id}" is listed twice`, path: ['notices', i] });
      listed.add(id);
    });
    const cited = (c: Citation | undefined, path: (string | number)[]): void => {
      if (c !== undefined && !listed.has(c.notice)) ctx.addIssue({ code: 'custom', message: `cites "${c.notice}", which is not one of the policy’s notices`, path: [...path, 'cites', 'notice'] });
    };
    p.rules.forEach((r, i) => cited(r.cites, ['rules', i]));
    const waivedKinds = new Set<string>();
    p.waived?.forEach((w, i) => {
      cited(w.cites, ['waived', i]);
      if (waivedKinds.has(w.kind)) ctx.addIssue({ code: 'custom', message: `"${w.kind}" is waived twice`, path: ['waived', i, 'kind'] });
      waivedKinds.add(w.kind);
    });
    const freshKinds = new Set<string>();
    p.freshness?.forEach((f, i) => {
      cited(f.cites, ['freshness', i]);
      if (freshKinds.has(f.kind)) ctx.addIssue({ code: 'custom', message: `"${f.kind}" has two maximum ages`, path: ['freshness', i, 'kind'] });
      freshKinds.add(f.kind);
    });
    cited(p.clock.cites, ['clock']);
    cited(p.retention.cites, ['retention']);
    if (p.effective.until !== undefined && Date.parse(p.effective.until) <= Date.parse(p.effective.from)) {
      ctx.addIssue({ code: 'custom', message: 'must be after effective.from', path: ['effective', 'until'] });
    }
  })
  .meta({ title: 'Gate terminal policy (gate.policy/2)', description: 'The rules a gate decides by (docs/policy.md).' });

export type Policy = z.infer<typeof policySchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type RuleKind = Rule['kind'];
export type RuleEffect = z.infer<typeof ruleEffect>;
export type Citation = z.infer<typeof citation>;
export type Waiver = z.infer<typeof waiver>;
export type FreshnessEntry = z.infer<typeof freshnessEntry>;
export type RuleOf<K extends RuleKind> = Extract<Rule, { kind: K }>;
export type TemperatureParams = RuleOf<'temperature'>['params'];
