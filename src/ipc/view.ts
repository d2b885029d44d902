/** What the kiosk screen shows, as one immutable snapshot pushed by the core. Schemas validate both ends. */
import { z } from 'zod';
import { CREDENTIAL_KINDS, DIRECTIONS, MASK_EVIDENCE_KINDS, VERDICTS } from '../domain.js';
import { DECISION_NOTES, RULE_OUTCOMES } from '../policy/decision.js';
import { citation, rule, waiver } from '../policy/schema.js';
import { deviceStatus } from '../devices/status.js';
import { BUNDLE_KINDS } from '../bundles/kinds.js';

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

export const stepView = z.enum(['waiting', 'done', 'not-required']);

export const ruleResultView = z.strictObject({
  id: z.string(),
  kind: z.string(),
  outcome: z.enum(RULE_OUTCOMES),
  effect: z.enum(['none', 'deny', 'refer']),
  values: z.record(z.string(), jsonValue),
  cites: z.strictObject({ notice: z.string(), clause: z.string() }),
});

export const screenView = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('idle') }),
  z.strictObject({
    kind: z.literal('collecting'),
    identity: stepView,
    temperature: stepView,
    mask: stepView,
    healthCode: stepView,
    travel: stepView,
    remeasure: z.boolean(),
    person: z.strictObject({ kind: z.enum(CREDENTIAL_KINDS), masked: z.string() }).nullable(),
    /** Latest body temperature taken in this session, °C. */
    temperatureC: z.number().nullable(),
    maskEvidence: z.enum(MASK_EVIDENCE_KINDS).nullable(),
  }),
  z.strictObject({
    kind: z.literal('verdict'),
    verdict: z.enum(VERDICTS),
    decisionId: z.string(),
    seq: z.number().int(),
    rules: z.array(ruleResultView),
    notes: z.array(z.enum(DECISION_NOTES)),
    /** False when the decision was made on a clock that could not be trusted. */
    clockTrusted: z.boolean(),
  }),
  z.strictObject({ kind: z.literal('fault'), code: z.string() }),
]);
export type ScreenView = z.infer<typeof screenView>;

/** What a lane counted since it started. */
export const laneCounters = z.strictObject({
  /** Scans that were no credential at all (unreadable, bad check digit…). */
  scansRejected: z.number().int().nonnegative(),
  /** Signed codes the gate refused (expired, forged…); each also failed its rule when a session was open. */
  codesRefused: z.number().int().nonnegative(),
  /** Readings from before an identity that could not be that person's (too old, or the person left). */
  readingsDiscarded: z.number().int().nonnegative(),
  /** Sessions that ended with nobody identified, so nothing was decided. */
  sessionsAbandoned: z.number().int().nonnegative(),
});
export type LaneCounters = z.infer<typeof laneCounters>;

/** The lane alarms its wired inputs raise (docs/inputs.md); shown as a banner, never instead of a verdict. */
export const LANE_ALARM_KINDS = ['door-held-open', 'tamper'] as const;
export const laneAlarmView = z.strictObject({
  kind: z.enum(LANE_ALARM_KINDS),
  /** Its place in the lane's `inputs`. */
  input: z.number().int().nonnegative(),
  /** `lost`: the link to the input is gone, so the alarm cannot be ruled out. */
  cause: z.enum(['signal', 'lost']),
  /** Wall-clock epoch ms. */
  since: z.number(),
});
export type LaneAlarmView = z.infer<typeof laneAlarmView>;

export const laneView = z.strictObject({
  id: z.string(),
  direction: z.enum(DIRECTIONS),
  screen: screenView,
  /**
   * The last scan the lane could not use or refused (`scan.unrecognised`, `credential.expired`…), until the
   * next identity; `at` is wall-clock epoch ms.
   */
  notice: z.strictObject({ code: z.string(), at: z.number() }).nullable(),
  counters: laneCounters,
  /** Door held open, tamper: oldest first. */
  alarms: z.array(laneAlarmView).default([]),
});
export type LaneView = z.infer<typeof laneView>;

/** A clause in one language as received; `translation` marks a text that is not the notice as issued. */
export const quote = z.strictObject({ language: z.string(), translation: z.boolean(), text: z.string() });

export const policyView = z.strictObject({
  id: z.string(),
  version: z.string(),
  sha256: z.string(),
  issuer: z.string(),
  /** The notices the policy implements, from the catalogue, each with the clauses it cites and their own words. */
  notices: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      issuer: z.string(),
      date: z.string(),
      clauses: z.array(z.strictObject({ id: z.string(), quote: z.array(quote) })),
    }),
  ),
  rules: z.array(rule),
  /** Mandatory checks a later notice lifted, each shown with the lifting clause. */
  waived: z.array(waiver),
  /** What time-dependent rules do while the clock is not trusted. */
  clock: z.strictObject({ onUntrusted: z.enum(['deny', 'refer']) }),
  /** How long records are kept; no citation means a local choice. */
  retention: z.strictObject({ days: z.number().int().positive(), cites: citation.optional() }),
});
export type PolicyView = z.infer<typeof policyView>;

/**
 * One bundle kind (docs/bundles.md §Freshness): what is in force and how old it is against the policy's
 * maximum age. Listed: every kind in force or given a maximum age by the policy.
 */
export const bundleView = z.strictObject({
  kind: z.enum(BUNDLE_KINDS),
  /** The bundle's version; null when it came without one (the policy file, `gate import`) or was never applied. */
  version: z.number().int().nullable(),
  /** Now − its issue time (else when it was applied), ms; null when never applied. Negative: issued after our "now". */
  ageMs: z.number().nullable(),
  /** The policy's `freshness.maxAgeHours` for it, in ms; null: no maximum age. */
  maxAgeMs: z.number().nullable(),
  /** Past its maximum age (or never applied, with one): the rules that read it follow `onStale`. */
  stale: z.boolean(),
  onStale: z.enum(['deny', 'refer']).nullable(),
});
export type BundleView = z.infer<typeof bundleView>;

export const clockView = z.strictObject({
  trusted: z.boolean(),
  source: z.string(),
  lastGoodSync: z.number().nullable(),
  /** Why it is not trusted (`jump-backwards`, `jump-forwards`, `never-synced`…), null when trusted. */
  reason: z.string().nullable(),
});
export type ClockView = z.infer<typeof clockView>;

/**
 * Whether the gate takes people at all. Out of service (the journal cannot be opened: a full disk, a broken
 * file…) no lane accepts a scan, the relays stay in their safe state, and the screen says why; the gate
 * retries and comes back in service by itself once the cause is gone.
 */
export const serviceView = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('in-service') }),
  z.strictObject({
    state: z.literal('out-of-service'),
    /** `journal.full`, `journal.io`, `journal.corrupt`, … */
    code: z.string(),
    /** Since when, wall-clock epoch ms. */
    since: z.number(),
  }),
]);
export type ServiceView = z.infer<typeof serviceView>;

/** Free space where the journal lives; `alarm` once it is below the configured minimum (config `storage.minFreeMB`). */
export const storageView = z.strictObject({
  /** Null until first measured, or when it cannot be measured. */
  freeMB: z.number().nonnegative().nullable(),
  minFreeMB: z.number().nonnegative(),
  alarm: z.boolean(),
});
export type StorageView = z.infer<typeof storageView>;

/**
 * An active fire alarm (docs/inputs.md): every kiosk shows it full screen, over anything else, and the lanes it
 * frees hold their gates open until the loop has been closed for its `restoreMs`.
 */
export const fireAlarmView = z.strictObject({
  /** Wall-clock epoch ms the alarm began. */
  since: z.number(),
  /** The fire inputs in alarm (or closed but not yet for their `restoreMs`): where each is wired and why. */
  inputs: z.array(z.strictObject({ lane: z.string(), input: z.number().int().nonnegative(), cause: z.enum(['signal', 'lost', 'restoring']) })),
  /** The lanes whose gates are held open. */
  freed: z.array(z.string()),
});
export type FireAlarmView = z.infer<typeof fireAlarmView>;

/** The records' way up (config `uplink`; README "Records up"): the link as the forwarder judges it, and what waits. */
export const uplinkView = z.strictObject({
  gateId: z.string(),
  transport: z.enum(['https', 'mqtt']),
  /** `online`: the last request succeeded. `connecting`: none has yet since the start. */
  link: z.enum(['connecting', 'online', 'offline']),
  /** Since when (wall-clock epoch ms) it is online or offline; null while connecting. */
  since: z.number().nullable(),
  /** Why the last request failed, while offline. */
  failure: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  /** When the next try is due (wall-clock epoch ms), while offline. */
  retryAt: z.number().nullable(),
  backlog: z.strictObject({
    records: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    /** When the oldest waiting record was journaled; null when none waits. */
    oldestAt: z.string().nullable(),
    /** Records dropped by a full backlog (`drop-oldest`) since the journal was created. */
    dropped: z.number().int().nonnegative(),
    /** Records the platform rejected, kept at the gate (`gate uplink` lists them). */
    setAside: z.number().int().nonnegative(),
    maxRecords: z.number().int().positive(),
    maxBytes: z.number().int().positive(),
    whenFull: z.enum(['drop-oldest', 'refuse-admit']),
    /** At a cap: `drop-oldest` is dropping, `refuse-admit` refers every admit to the guard. */
    full: z.boolean(),
  }),
  /** Since the gate started. */
  acknowledged: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
});
export type UplinkView = z.infer<typeof uplinkView>;

/** How bundles come down (docs/bundles.md §Transport): counts since the gate started, for the technician. */
export const bundlePullView = z.strictObject({
  via: z.enum(['https', 'mqtt']),
  fetched: z.number().int().nonnegative(),
  applied: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  refused: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  /** Per bundle kind, the last time (wall-clock epoch ms) one came through; null until then. */
  lastSuccessAt: z.record(z.enum(BUNDLE_KINDS), z.number().nullable()),
  /** The latest failure, and since when (epoch ms) the pull has been failing; null while it works. */
  failing: z.strictObject({ code: z.string(), message: z.string(), since: z.number() }).nullable(),
});
export type BundlePullView = z.infer<typeof bundlePullView>;

export const gateView = z.strictObject({
  /** Increases with every snapshot the core publishes, so a client can drop stale ones. */
  revision: z.number().int().nonnegative(),
  service: serviceView,
  storage: storageView,
  lanes: z.array(laneView),
  /** The policy in force; null only while out of service before any policy could be applied. */
  policy: policyView.nullable(),
  devices: z.array(deviceStatus),
  clock: clockView,
  /**
   * How long a verdict stays on screen (config `session.verdictDisplayMs`). The page also clears a verdict this
   * long after it first showed it, on its own clock, in case the core's next view never comes.
   */
  verdictDisplayMs: z.number().int().positive(),
  /** The fire alarm while it is active, else null. */
  fire: fireAlarmView.nullable().default(null),
  /** The uplink, on a gate that has one (config `uplink`); else null. */
  uplink: uplinkView.nullable().default(null),
  /** The bundle kinds in force or dated by the policy, with their ages (docs/bundles.md §Freshness). */
  bundles: z.array(bundleView).default([]),
  /** The pull of bundles, on a gate that takes them (config `bundles` with a source); else null. */
  bundlePull: bundlePullView.nullable().default(null),
});
export type GateView = z.infer<typeof gateView>;
