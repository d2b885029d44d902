/**
 * What the forwarder needs of a way up (HTTPS, MQTT): send one batch and return the platform's ack for it,
 * send a heartbeat, close. A transport never throws for anything the network or the platform does: every
 * such outcome is a failure value with a code, and it validates the ack (src/uplink/wire.ts `ack`) and that
 * it names this batch before returning it. "Online" is the forwarder's judgement: the last call succeeded.
 */
import type { Failure, Result } from '../../src/result.js';
import type { Ack } from '../../src/uplink/wire.js';

/** One batch as it goes on the wire: the JSON text of a `records` message (wire-batch.ts) and what it holds. */
export interface OutgoingBatch {
  /** The batch id (`batch` in the body); the ack must name it. */
  readonly id: string;
  /** JSON text matching resources/uplink/records.schema.json. */
  readonly body: string;
  /** The upstream seqs it carries, in the order sent. */
  readonly seqs: readonly number[];
  /** The batch's `nonce`: a signed time in its ack must echo it. */
  readonly nonce: string;
}

export type UplinkErrorCode =
  /** No connection: DNS, refused, reset, the broker gone. */
  | 'uplink.unreachable'
  /** No answer (or no platform ack over MQTT) within the transport's `timeoutMs`. */
  | 'uplink.timeout'
  /** The TLS handshake failed: an untrusted or expired certificate, a name that does not match. */
  | 'uplink.tls'
  /** The platform refused this gate's credential (HTTP 401/403, MQTT not authorised). */
  | 'uplink.auth'
  /** The platform asked us to slow down (HTTP 429/503 with Retry-After). */
  | 'uplink.throttled'
  /**
   * The platform refused the batch's content without an ack naming records (HTTP 400, 413, 422): the
   * forwarder halves the batch until the one bad record is alone, then sets it aside with `reason`.
   */
  | 'uplink.rejected'
  /** The platform says it already has this batch's records (HTTP 409): for one record, it counts as acknowledged. */
  | 'uplink.duplicate'
  /** An HTTP status that is not an ack: other 4xx, 5xx, a redirect (never followed). */
  | 'uplink.http-status'
  /** A 2xx (or an ack message) whose body is not a valid ack for this batch, or is too large. */
  | 'uplink.bad-ack';

export interface UplinkFailure extends Failure<UplinkErrorCode> {
  /** The platform's Retry-After in ms (`uplink.throttled`); the forwarder clamps it to its maximum delay. */
  readonly retryAfterMs?: number;
  /** What the platform said about the content (`uplink.rejected`), at most 500 characters. */
  readonly reason?: string;
}

export interface UplinkTransport {
  /** The platform's ack for `batch`: only a validated ack naming `batch.id` is `ok`. */
  send(batch: OutgoingBatch): Promise<Result<Ack, UplinkFailure>>;
  /**
   * Sends the latest heartbeat (JSON text matching heartbeat.schema.json); `ok` once the other end took it,
   * with the signed time its answer carried (HTTPS: heartbeat-answer.schema.json), if any.
   */
  heartbeat(body: string): Promise<Result<string | undefined, UplinkFailure>>;
  /** Ends every connection; sends nothing after. */
  close(): Promise<void>;
}
