/**
 * The uplink's wire contract, version 1: what a gate sends the district platform and what the platform
 * answers. One zod definition per message kind; `npm run docs` writes each as a JSON Schema under
 * resources/uplink/ for the platform team (README "Records up"). Nothing here identifies a person beyond
 * what the journal holds: a masked ID, a district ref (HMAC), and registrations sealed to the health
 * authority (ciphertext only).
 *
 * Delivery is at least once: the platform de-duplicates on (gate, epoch, seq). `seq` is the gate's
 * upstream sequence number, one across every kind, increasing, never reused within an epoch; gaps are
 * records dropped by a full backlog, each gap announced by an `uplink.overflow` event.
 */
import { z } from 'zod';
import { BUNDLE_KINDS } from '../bundles/kinds.js';
import { BUNDLE_ALG, keyId } from '../bundles/envelope.js';
import { GATE_ID_FORMAT } from '../config/uplink.js';
import { exportRecord, jsonValue } from '../records/decision-record.js';

export const WIRE_VERSION = 1;

const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'ISO 8601 UTC with milliseconds').describe('ISO 8601 UTC with milliseconds.');
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/).describe('64 lowercase hex digits.');
const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/).describe('base64url without padding.');
const gateId = z.string().regex(GATE_ID_FORMAT).describe('The gate’s id (config `uplink.gateId`).');
const epoch = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  .describe('The install epoch: a UUID made when this gate’s journal was created; a reinstalled gate starts a new epoch (and its seq from 1).');
const seq = z.int().min(1).max(Number.MAX_SAFE_INTEGER).describe('Upstream sequence number: increasing across every kind, never reused within an epoch.');

/** A fresh random value per batch and heartbeat: 16 bytes, base64url (22 characters). */
export const nonce = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}$/, '16 bytes base64url (22 characters)')
  .describe('16 random bytes (base64url), new in every batch and heartbeat: the platform echoes it in a signed time (`time` in its answer) to vouch for the gate’s clock.');

/** The signed time's JWS `typ`. */
export const TIME_TYP = 'gate-time+jws';
/** The signed time's largest JWS text. */
export const MAX_SIGNED_TIME_CHARS = 2048;

/** The protected header of a signed time: `{"alg":"EdDSA","typ":"gate-time+jws","kid":…}`; the key must have the `time` scope. */
export const signedTimeHeader = z.object({ alg: z.literal(BUNDLE_ALG), typ: z.literal(TIME_TYP), kid: keyId });

export const signedTimeClaims = z
  .strictObject({
    nonce: nonce.describe('The nonce of the batch or heartbeat this answers.'),
    at: z.int().min(0).max(8.64e15).describe('The platform’s clock when it answered, epoch milliseconds.'),
  })
  .describe('The payload of a signed time (`time` in an ack or a heartbeat answer).');
export type SignedTimeClaims = z.infer<typeof signedTimeClaims>;

const signedTime = z
  .string()
  .max(MAX_SIGNED_TIME_CHARS)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'a compact JWS')
  .describe('Optional: the platform’s time, signed: a compact JWS (EdDSA, typ `gate-time+jws`, kid of a key with the `time` scope) of {nonce: the nonce this answers, at: epoch ms} (time.schema.json). A gate whose clock is untrusted trusts it again when it verifies and agrees with its wall clock within `clock.syncToleranceMs`.');

/** `decision`: one gate decision, exactly as journaled and hashed (`gate export` prints the same). */
export const decisionPayload = exportRecord.describe('One gate decision as journaled (the body the hash chain covers).');

/** `event`: one journaled operational event (device faults, refusals, alarms, clock and storage changes, purges, overflow). */
export const eventPayload = z
  .strictObject({
    id: z.int().min(1).describe('The event’s row id in the gate’s journal.'),
    at: instant,
    kind: z.string().min(1).max(64).describe('What happened, dotted: `device.fault`, `clock.jump`, `storage.low`, `uplink.overflow`, … (README "Events").'),
    detail: z.record(z.string(), jsonValue).describe('What the event says; holds no personal data.'),
    hash: sha256Hex.describe('The event’s link in the journal’s events chain.'),
  })
  .describe('One journaled operational event.');

/** `policy-change`: one policy swap attempt, applied or rejected. */
export const policyChangePayload = z
  .strictObject({
    id: z.int().min(1),
    at: instant,
    source: z.string().describe('Where the candidate came from (file path, USB volume, uplink).'),
    outcome: z.enum(['applied', 'rejected']),
    fromSha256: z.string().nullable(),
    toSha256: z.string().nullable(),
    policyId: z.string().nullable(),
    policyVersion: z.string().nullable(),
    detail: z.string().nullable().describe('Why it was rejected, or what was applied.'),
    hash: sha256Hex,
  })
  .describe('One policy swap attempt.');

/** `registration`: a person registered by the guard, sealed (HPKE) to the health authority; the gate cannot open it. */
export const registrationPayload = z
  .strictObject({
    id: z.string().describe('The sealed id (the HPKE AAD; `registration.sealedId` in the decision that cites it).'),
    at: instant,
    authorityKid: z.string().describe('RFC 7638 thumbprint of the authority key it was sealed to.'),
    enc: base64url.describe('HPKE encapsulated key, base64url.'),
    ciphertext: base64url.describe('HPKE ciphertext, base64url.'),
  })
  .describe('One sealed registration (ciphertext only).');

/** `checkpoint`: the signed hash-chain checkpoint a retention purge left; `gate verify` starts from it. */
export const checkpointPayload = z
  .strictObject({
    id: z.int().min(1),
    at: instant,
    uptoSeq: z.int().min(1).describe('The last decision seq (journal seq, not upstream seq) the purge deleted.'),
    uptoHash: sha256Hex.describe('Its chain hash: the chain goes on from here.'),
    signature: z.string().describe('Ed25519 signature by the gate’s device key (base64url).'),
    publicJwk: z.record(z.string(), jsonValue).describe('The device key’s public JWK.'),
  })
  .describe('One signed purge checkpoint.');

export const PAYLOADS = {
  decision: decisionPayload,
  event: eventPayload,
  'policy-change': policyChangePayload,
  registration: registrationPayload,
  checkpoint: checkpointPayload,
} as const;
export type RecordKind = keyof typeof PAYLOADS;
export const RECORD_KINDS = Object.keys(PAYLOADS) as readonly RecordKind[];

const envelope = {
  gate: gateId,
  epoch,
  seq,
  id: z.string().min(1).max(128).describe('A stable id for the record: the decision id, the sealed id, or `<kind>:<journal row id>`.'),
  at: instant.describe('When the record was journaled.'),
};

const recordOf = <K extends RecordKind>(kind: K) => z.strictObject({ ...envelope, kind: z.literal(kind), payload: PAYLOADS[kind] });

export const wireRecord = z
  .discriminatedUnion('kind', [recordOf('decision'), recordOf('event'), recordOf('policy-change'), recordOf('registration'), recordOf('checkpoint')])
  .describe('One record: the envelope the platform de-duplicates on, and its kind’s payload.');
export type WireRecord = z.infer<typeof wireRecord>;

export const recordsBatch = z
  .strictObject({
    v: z.literal(WIRE_VERSION),
    batch: z.uuid().describe('This batch’s id; the ack names it. A resent batch gets a new id.'),
    gate: gateId,
    epoch,
    sentAt: instant.describe('The gate’s clock when it sent the batch (may be untrusted; order by seq).'),
    nonce,
    records: z.array(wireRecord).min(1).describe('In ascending seq, except that an `uplink.overflow` event is sent ahead of older records.'),
  })
  .describe('A batch of records: the HTTPS POST body, and one MQTT message on `<prefix>/<gate>/records`.');
export type RecordsBatch = z.infer<typeof recordsBatch>;

export const ack = z
  .strictObject({
    v: z.literal(WIRE_VERSION),
    batch: z.uuid().describe('The batch this acknowledges.'),
    accepted: seq
      .nullable()
      .describe('Every record of the batch with seq ≤ this is stored (a duplicate counts as stored) or listed in `rejected`; the gate sends the others again. null: none.'),
    rejected: z
      .array(z.strictObject({ seq, reason: z.string().min(1).max(500).describe('Why the platform will never take it.') }))
      .max(5000)
      .describe('Records the platform refuses as invalid: the gate sets each aside with its reason (kept, counted, shown), and sends the rest.'),
    time: signedTime.optional(),
  })
  .describe('The platform’s answer to one batch: the 2xx body over HTTPS, a message on `<prefix>/<gate>/ack` over MQTT.');
export type Ack = z.infer<typeof ack>;

export const heartbeat = z
  .strictObject({
    v: z.literal(WIRE_VERSION),
    gate: gateId,
    epoch,
    at: instant,
    service: z.enum(['in-service', 'out-of-service']),
    code: z.string().nullable().describe('Why the gate is out of service; null in service.'),
    lanes: z.array(z.strictObject({ id: z.string(), state: z.string().describe('The lane’s state: `idle`, `collecting`, `verdict`, …') })),
    backlog: z.strictObject({
      records: z.int().min(0).describe('Records waiting to go up.'),
      bytes: z.int().min(0),
      oldestAt: instant.nullable().describe('When the oldest waiting record was journaled.'),
      dropped: z.int().min(0).describe('Records dropped by a full backlog since the journal was created.'),
      setAside: z.int().min(0).describe('Records the platform rejected, kept at the gate.'),
    }),
    clock: z.strictObject({ trusted: z.boolean() }),
    bundles: z
      .array(
        z.strictObject({
          kind: z.enum(BUNDLE_KINDS),
          version: z.int().min(1).nullable().describe('The bundle’s version; null when what is in force came without one (the policy file, `gate import`) or nothing was ever applied.'),
          ageS: z.int().nullable().describe('Seconds since its issue time (else since the gate applied it); null when never applied.'),
          stale: z.boolean().describe('Past the maximum age the policy gives it (or never applied, with one): the rules that read it follow its `onStale`.'),
        }),
      )
      .describe('Each bundle kind in force or given a maximum age by the policy (docs/bundles.md §Freshness).'),
    nonce,
  })
  .describe('The gate’s latest state; not queued (the newest replaces any unsent one). POST `<url>/heartbeat`, or retained on `<prefix>/<gate>/heartbeat`.');
export type Heartbeat = z.infer<typeof heartbeat>;

/** The body of a 2xx answer to an HTTPS heartbeat, when it has one (204 without a body is as good). */
export const heartbeatAnswer = z
  .strictObject({ v: z.literal(WIRE_VERSION), time: signedTime.optional() })
  .describe('The platform’s answer to an HTTPS heartbeat: optional; it may carry a signed time. Over MQTT a heartbeat has no answer.');
export type HeartbeatAnswer = z.infer<typeof heartbeatAnswer>;

/** Every schema file under resources/uplink/, by file name. */
export const WIRE_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  'records.schema.json': recordsBatch,
  'decision.schema.json': decisionPayload,
  'event.schema.json': eventPayload,
  'policy-change.schema.json': policyChangePayload,
  'registration.schema.json': registrationPayload,
  'checkpoint.schema.json': checkpointPayload,
  'ack.schema.json': ack,
  'heartbeat.schema.json': heartbeat,
  'heartbeat-answer.schema.json': heartbeatAnswer,
  'time.schema.json': signedTimeClaims,
};
