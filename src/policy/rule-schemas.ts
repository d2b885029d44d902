/**
 * The closed rule vocabulary: nothing but these kinds can decide. Each rule cites the notice clause
 * behind it; parameters the operator set with no notice behind them are listed in `localParams`, so
 * every parameter says where it comes from. Descriptions state exactly what each evaluator in rules/
 * compares; they become policy.schema.json and docs/policy.md (`npm run docs`).
 */
import { z } from 'zod';
import { CREDENTIAL_KINDS, DIRECTIONS, MASK_EVIDENCE_KINDS, REGISTRATION_FIELDS, VISITOR_CATEGORIES } from '../domain.js';
import { RISK_LEVELS } from '../registers.js';
import { quantity } from '../schema-meta.js';

/** What the identity rule does with an identity read from an expired document. */
export const EXPIRED_DOCUMENTS = ['identify', 'refuse'] as const;

const ruleId = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, 'lowercase letters, digits, "." and "-", at most 64');

/** What a failed (or unprovable) rule does to the verdict. A rule can never admit by itself. */
export const ruleEffect = z.enum(['deny', 'refer']);

export const citation = z
  .strictObject({
    notice: z.string().min(1).max(64).describe('One of the policy’s `notices`: the id of a notice in the catalogue (resources/notices/, docs/notices.md).'),
    clause: z.string().min(1).max(32).describe('The id of one of that notice’s clauses in the catalogue, e.g. "4"; the kiosk and the export quote its text from there.'),
  })
  .describe('The catalogue clause behind this.');

const common = {
  id: ruleId.describe('The rule’s id, unique in the policy and recorded with every decision: 1–64 lowercase letters, digits, "." and "-".'),
  cites: citation,
  directions: z
    .array(z.enum(DIRECTIONS))
    .min(1)
    .max(2)
    .default([...DIRECTIONS])
    .describe('The lane directions the rule applies to; at a lane of another direction it is NOT_APPLICABLE. Default: both.'),
  onFail: ruleEffect.describe('What a FAILED outcome does to the verdict: `deny`, or `refer` to the guard. Health-code colours and residency’s `nonResident` set their own.'),
  onMissing: ruleEffect
    .default('refer')
    .describe('What MISSING_EVIDENCE does (the evidence never arrived: a timeout, a sensor fault, an offline check). Missing evidence never admits.'),
  localParams: z
    .array(z.string().min(1).max(64))
    .max(16)
    .default([])
    .describe('The names of `params` the operator set with no notice behind them (each must be a parameter of this rule); the kiosk shows them as local.'),
};

const rule = <K extends string, P extends z.ZodType>(kind: K, params: P) =>
  z.strictObject({ ...common, kind: z.literal(kind), params: params.describe(`The \`${kind}\` rule’s parameters.`) });

/** `accept`: which kinds of evidence pass, at least one. */
const accepted = <const T extends readonly [string, ...string[]]>(kinds: T, description: string) => z.array(z.enum(kinds)).min(1).describe(description);

export const identityRule = rule(
  'identity',
  z.strictObject({
    accept: accepted(
      CREDENTIAL_KINDS,
      'Credential kinds that pass: `resident-id` (ID card), `mrz` (passport or travel permit), `staff-badge`, `qr-pass` (a signed resident pass), `health-code` (a signed health code taken as identity: a screenshot identifies its subject), `manual` (registered by a guard). Any other kind FAILS.',
    ),
    expiredDocuments: z
      .enum(EXPIRED_DOCUMENTS)
      .default('identify')
      .describe(
        'What an identity read from an expired document does (an ID card or a machine-readable zone whose last valid day, as printed, is before the UTC date of the decision; `long-term` cards never expire): `identify` (default: the notices ask who the person is, not for a valid card) passes it and records the validity; `refuse` FAILS it. With `refuse`, a dated document while the clock is untrusted is MISSING_EVIDENCE with effect `clock.onUntrusted`.',
      ),
  }),
);

export const temperatureRule = rule(
  'temperature',
  z
    .strictObject({
      thresholdC: quantity(z.number().min(35).max(39), '°C', 'A plausible body temperature at or above this is a fever; below it passes. Must lie strictly inside `plausibleC`.'),
      remeasures: quantity(
        z.int().min(0).max(5),
        undefined,
        'Further measurements a fever earns: the latest plausible reading decides, and a fever FAILS only once more than `remeasures` plausible readings were taken; until then the person is asked to measure again.',
      ),
      plausibleC: z
        .strictObject({
          min: quantity(z.number().min(25).max(37), '°C', 'Lowest plausible reading (inclusive).'),
          max: quantity(z.number().min(37).max(45), '°C', 'Highest plausible reading (inclusive).'),
        })
        .describe('A reading outside `min` … `max` is a sensor fault, never a fever: it is counted as implausible and decides nothing.'),
    })
    .refine((p) => p.thresholdC > p.plausibleC.min && p.thresholdC < p.plausibleC.max, { message: 'thresholdC must lie inside plausibleC', path: ['thresholdC'] }),
);

export const maskRule = rule(
  'mask',
  z.strictObject({
    accept: accepted(
      MASK_EVIDENCE_KINDS,
      'Mask evidence that passes: `self-declared` (the person taps "I am wearing a mask"), `guard-confirmed`, `camera-detected`. Any other FAILS.',
    ),
  }),
);

const colourOutcome = z.enum(['pass', 'refer', 'deny']);
export const healthCodeRule = rule(
  'health-code',
  z.strictObject({
    outcomes: z
      .strictObject({
        green: colourOutcome.describe('What a green code does.'),
        yellow: colourOutcome.describe('What a yellow code does.'),
        red: colourOutcome.describe('What a red code does.'),
      })
      .refine((o) => Object.values(o).includes('pass'), 'at least one colour must pass')
      .describe('What each colour does: `pass` passes; `refer` or `deny` FAILS with that effect instead of `onFail`. At least one colour must pass.'),
    maxAgeHours: quantity(z.int().min(1).max(720), 'h', 'A code whose colour was set (`colourSince`) more than this long ago FAILS as stale.'),
    accept: accepted(
      ['signed-qr', 'online'],
      'How the code may be verified: `signed-qr` (an Ed25519-signed code checked offline), `online` (credentials.onlineVerifier). A code verified another way FAILS.',
    ),
    onUnverifiable: ruleEffect.describe('When the online check timed out, was unreachable or refused: MISSING_EVIDENCE with this effect instead of `onMissing`.'),
  }),
);

export const highRiskTravelRule = rule(
  'high-risk-travel',
  z.strictObject({
    levels: z.array(z.enum(RISK_LEVELS)).min(1).describe('Risk levels that count: `high`, `medium`, as the risk-area register lists an area on the day of the visit.'),
    withinDays: quantity(
      z.int().min(1).max(60),
      'days',
      'A visit counts when its last day is on or after the (UTC) date `withinDays` days before now, and the area was listed at one of `levels` on that last day; any such visit FAILS.',
    ),
    accept: accepted(['signed-travel-code', 'declaration'], 'Where the travel history may come from: `signed-travel-code`, `declaration` (to the guard). Another source FAILS.'),
  }),
);

export const residencyRule = rule(
  'residency',
  z.strictObject({
    nonResident: ruleEffect.describe('What happens to someone not on the residents register and not exempt: FAILED with this effect instead of `onFail`.'),
    exempt: z
      .array(z.enum(VISITOR_CATEGORIES))
      .max(VISITOR_CATEGORIES.length)
      .describe('Categories a guard may register a non-resident under that pass as if resident: `visitor`, `delivery`, `medical`, `emergency`, `official`, `staff`.'),
  }),
);

export const quarantineListRule = rule('quarantine-list', z.strictObject({}));

export const exitQuotaRule = rule(
  'exit-quota',
  z.strictObject({
    maxExits: quantity(z.int().min(1).max(50), undefined, 'Exits a resident’s household may make per window: this exit passes while fewer than `maxExits` were counted.'),
    perDays: quantity(z.int().min(1).max(30), 'days', 'The window: exits at or after now − `perDays` × 24 h are counted.'),
  }),
);

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM, 00:00–23:59');
export const hoursRule = rule(
  'hours',
  z.strictObject({
    utcOffsetMinutes: quantity(z.int().min(-720).max(840), 'min', 'The gate’s local time as an offset from UTC (China: 480; no daylight saving).'),
    windows: z
      .array(
        z
          .strictObject({
            days: z.array(z.int().min(1).max(7)).min(1).max(7).describe('ISO weekdays of the local date: 1 = Monday … 7 = Sunday.'),
            from: hhmm.describe('Opens at this local time, HH:MM (inclusive).'),
            to: hhmm.describe('Closes at this local time, HH:MM (exclusive); later than `from`: a window never wraps past midnight.'),
          })
          .refine((w) => w.from < w.to, { message: 'from must be before to', path: ['to'] })
          .describe('Open when the local weekday is in `days` and `from` ≤ time < `to`.'),
      )
      .min(1)
      .max(14)
      .describe('Open windows, 1 to 14; the rule passes when the local time falls in any of them.'),
  }),
);

export const registrationRule = rule(
  'registration',
  z.strictObject({
    nonResidents: z
      .array(z.enum(REGISTRATION_FIELDS))
      .max(REGISTRATION_FIELDS.length)
      .describe('Fields that must be recorded (and sealed) for someone not on the residents register: `name`, `phone`, `destination`, `id-number`, `purpose`.'),
    residents: z.array(z.enum(REGISTRATION_FIELDS)).max(REGISTRATION_FIELDS.length).describe('Fields that must be recorded for residents (usually none).'),
  }),
);

export const ruleSchema = z
  .discriminatedUnion('kind', [
    identityRule,
    temperatureRule,
    maskRule,
    healthCodeRule,
    highRiskTravelRule,
    residencyRule,
    quarantineListRule,
    exitQuotaRule,
    hoursRule,
    registrationRule,
  ])
  .describe('One rule of the closed vocabulary; `kind` says which.');

/**
 * Rule kinds whose outcome depends on the clock: with an untrusted clock they follow `clock.onUntrusted`.
 * `quarantine-list` is one: whether someone is listed is a question about now (a dead RTC reading a past date
 * would find nobody quarantined yet).
 */
export const TIME_DEPENDENT_KINDS = ['health-code', 'high-risk-travel', 'quarantine-list', 'exit-quota', 'hours'] as const;

/** Every rule kind, exhaustive by construction: a new kind fails to compile here until it is listed. */
const RULE_KINDS: { readonly [K in z.infer<typeof ruleSchema>['kind']]: K } = {
  identity: 'identity',
  temperature: 'temperature',
  mask: 'mask',
  'health-code': 'health-code',
  'high-risk-travel': 'high-risk-travel',
  residency: 'residency',
  'quarantine-list': 'quarantine-list',
  'exit-quota': 'exit-quota',
  hours: 'hours',
  registration: 'registration',
};
export const ruleKind = z.enum(RULE_KINDS);
