/**
 * The closed rule vocabulary: nothing but these kinds can decide. Each rule cites the notice clause
 * behind it; parameters the operator set with no notice behind them are listed in `localParams`, so
 * every parameter says where it comes from.
 */
import { z } from 'zod';
import { CREDENTIAL_KINDS, DIRECTIONS, MASK_EVIDENCE_KINDS, REGISTRATION_FIELDS, VISITOR_CATEGORIES } from '../domain.js';
import { RISK_LEVELS } from '../registers.js';

const ruleId = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, 'lowercase letters, digits, "." and "-", at most 64');

/** What a failed (or unprovable) rule does to the verdict. A rule can never admit by itself. */
export const ruleEffect = z.enum(['deny', 'refer']);

export const citation = z.strictObject({
  /** `id` of an entry in the policy's `notices`. */
  notice: z.string().min(1),
  /** The clause as the notice words or numbers it, e.g. "四、严格规范小区出入管理". */
  clause: z.string().min(1).max(200),
});

const common = {
  id: ruleId,
  cites: citation,
  directions: z.array(z.enum(DIRECTIONS)).min(1).max(2).default([...DIRECTIONS]),
  onFail: ruleEffect,
  /** When the evidence the rule needs never arrived (timeout, sensor fault, offline check). Missing evidence never admits. */
  onMissing: ruleEffect.default('refer'),
  /** Parameters set by the operator with no notice behind them; the kiosk shows them as local. */
  localParams: z.array(z.string().min(1).max(64)).max(16).default([]),
};

const rule = <K extends string, P extends z.ZodType>(kind: K, params: P) => z.strictObject({ ...common, kind: z.literal(kind), params });

export const identityRule = rule('identity', z.strictObject({ accept: z.array(z.enum(CREDENTIAL_KINDS)).min(1) }));

export const temperatureRule = rule(
  'temperature',
  z
    .strictObject({
      /** Body temperature at or above this is a fever. [35.0 … 39.0] °C */
      thresholdC: z.number().min(35).max(39),
      /** How many further measurements a fever reading earns before it fails. [0 … 5] */
      remeasures: z.int().min(0).max(5),
      /** Outside this range a reading is a sensor fault, never a fever. °C */
      plausibleC: z.strictObject({ min: z.number().min(25).max(37), max: z.number().min(37).max(45) }),
    })
    .refine((p) => p.thresholdC > p.plausibleC.min && p.thresholdC < p.plausibleC.max, { message: 'thresholdC must lie inside plausibleC', path: ['thresholdC'] }),
);

export const maskRule = rule('mask', z.strictObject({ accept: z.array(z.enum(MASK_EVIDENCE_KINDS)).min(1) }));

const colourOutcome = z.enum(['pass', 'refer', 'deny']);
export const healthCodeRule = rule(
  'health-code',
  z.strictObject({
    /** What each colour does; `pass` for at least one colour, or the rule could never pass. */
    outcomes: z.strictObject({ green: colourOutcome, yellow: colourOutcome, red: colourOutcome }).refine((o) => Object.values(o).includes('pass'), 'at least one colour must pass'),
    /** A code whose colour was set longer ago than this is stale. [1 … 720] h */
    maxAgeHours: z.int().min(1).max(720),
    accept: z.array(z.enum(['signed-qr', 'online'])).min(1),
    /** When the online check times out or fails. */
    onUnverifiable: ruleEffect,
  }),
);

export const highRiskTravelRule = rule(
  'high-risk-travel',
  z.strictObject({
    levels: z.array(z.enum(RISK_LEVELS)).min(1),
    /** A visit to a listed area within this many days fails. [1 … 60] */
    withinDays: z.int().min(1).max(60),
    accept: z.array(z.enum(['signed-travel-code', 'declaration'])).min(1),
  }),
);

export const residencyRule = rule(
  'residency',
  z.strictObject({
    /** What happens to someone not on the residents register. */
    nonResident: ruleEffect,
    /** Registered categories that pass as if resident (medical, emergency…). */
    exempt: z.array(z.enum(VISITOR_CATEGORIES)).max(VISITOR_CATEGORIES.length),
  }),
);

export const quarantineListRule = rule('quarantine-list', z.strictObject({}));

export const exitQuotaRule = rule(
  'exit-quota',
  z.strictObject({
    /** [1 … 50] exits per household */
    maxExits: z.int().min(1).max(50),
    /** …within this many days. [1 … 30] */
    perDays: z.int().min(1).max(30),
  }),
);

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM, 00:00–23:59');
export const hoursRule = rule(
  'hours',
  z.strictObject({
    /** Local time of the gate as an offset from UTC (China: 480, no daylight saving). [-720 … 840] min */
    utcOffsetMinutes: z.int().min(-720).max(840),
    /** Open windows; `from` ≤ time < `to`, ISO weekdays 1 (Monday) … 7. */
    windows: z
      .array(z.strictObject({ days: z.array(z.int().min(1).max(7)).min(1).max(7), from: hhmm, to: hhmm }).refine((w) => w.from < w.to, { message: 'from must be before to', path: ['to'] }))
      .min(1)
      .max(14),
  }),
);

export const registrationRule = rule(
  'registration',
  z.strictObject({
    /** Fields that must be recorded for someone not on the residents register. */
    nonResidents: z.array(z.enum(REGISTRATION_FIELDS)).max(REGISTRATION_FIELDS.length),
    /** Fields that must be recorded for residents (usually none). */
    residents: z.array(z.enum(REGISTRATION_FIELDS)).max(REGISTRATION_FIELDS.length),
  }),
);

export const ruleSchema = z.discriminatedUnion('kind', [
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
]);

/** Rule kinds whose outcome depends on the clock: with an untrusted clock they follow `clock.onUntrusted`. */
export const TIME_DEPENDENT_KINDS = ['health-code', 'high-risk-travel', 'exit-quota', 'hours'] as const;
