/**
 * What the platform's HTTP answer means (failure codes in transport.ts). For a batch: a 2xx whose body is an
 * ack (src/uplink/wire.ts) naming the batch is the ack, any other 2xx is `uplink.bad-ack`; a 400/413/422
 * whose body is such an ack is the ack too (a platform may refuse a batch by naming its bad records), else
 * `uplink.rejected` with the body as the reason. For a heartbeat, any 2xx. Then for both: 409
 * `uplink.duplicate`, 401/403 `uplink.auth`, 429 (and 503 with a Retry-After) `uplink.throttled`, anything
 * else — other 4xx, 5xx, every 3xx — `uplink.http-status`.
 */
import { type Result, err, failure, ok } from '../../src/result.js';
import { type Ack, ack, heartbeatAnswer } from '../../src/uplink/wire.js';
import type { HttpAnswer } from './http-request.js';
import { retryAfterMs } from './retry-after.js';
import type { UplinkFailure } from './transport.js';

/** The most of an answer's body that is read: the largest valid ack (5,000 rejected records with 500-character reasons) is about 2.6 MB. */
export const MAX_ANSWER_BYTES = 4 << 20;

/** The statuses by which a platform refuses a batch's content. */
const REFUSED = new Set([400, 413, 422]);

/** The most of a refusal's body kept as its reason (the `rejected[].reason` bound). */
export const MAX_REASON_CHARS = 500;

const is2xx = (status: number): boolean => status >= 200 && status < 300;

export function batchOutcome(answer: HttpAnswer, batchId: string, nowMs: number): Result<Ack, UplinkFailure> {
  const parsed = ackFor(answer.body, batchId);
  if (is2xx(answer.status)) return parsed.ok ? parsed : err(failure('uplink.bad-ack', `HTTP ${answer.status}: ${parsed.error}`));
  if (REFUSED.has(answer.status) && parsed.ok) return parsed;
  return err(statusFailure(answer, nowMs));
}

/** A 2xx takes the heartbeat; its body, when it is a heartbeat answer, may carry a signed time (anything else in it is ignored). */
export function heartbeatOutcome(answer: HttpAnswer, nowMs: number): Result<string | undefined, UplinkFailure> {
  if (!is2xx(answer.status)) return err(statusFailure(answer, nowMs));
  if (answer.body === undefined || answer.body.trim() === '') return ok(undefined);
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    return ok(undefined);
  }
  const parsed = heartbeatAnswer.safeParse(json);
  return ok(parsed.success ? parsed.data.time : undefined);
}

/** The body as an ack of batch `batchId`, or why it is not one. */
function ackFor(body: string | undefined, batchId: string): Result<Ack, string> {
  if (body === undefined) return err(`the body is larger than ${MAX_ANSWER_BYTES} bytes`);
  if (body.trim() === '') return err('the body is empty');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return err('the body is not JSON');
  }
  const a = ack.safeParse(json);
  if (!a.success) return err(`the body is not an ack: ${a.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`.slice(0, MAX_REASON_CHARS));
  if (a.data.batch !== batchId) return err(`the ack names batch ${a.data.batch}, not ${batchId}`);
  return ok(a.data);
}

/** A non-2xx answer (or a refusal that is no ack) as its failure. */
function statusFailure(answer: HttpAnswer, nowMs: number): UplinkFailure {
  const { status } = answer;
  if (REFUSED.has(status)) return { ...failure('uplink.rejected', `HTTP ${status}: the platform refused the batch`), reason: reasonOf(answer) };
  if (status === 409) return failure('uplink.duplicate', 'HTTP 409: the platform already has these records');
  return httpStatusFailure(answer, nowMs);
}

/**
 * What any unexpected status says, whatever was asked: 401/403 `uplink.auth`, 429 (and 503 with a
 * Retry-After) `uplink.throttled` with the wait, anything else — other 4xx, 5xx, every 3xx — `uplink.http-status`.
 */
export function httpStatusFailure(answer: HttpAnswer, nowMs: number): UplinkFailure {
  const { status } = answer;
  if (status === 401 || status === 403) return failure('uplink.auth', `HTTP ${status}: the platform refused this gate's credential`);
  const wait = retryAfterMs(answer.headers['retry-after'], nowMs);
  if (status === 429 || (status === 503 && wait !== undefined)) {
    const f = failure('uplink.throttled', `HTTP ${status}: the platform asks to slow down${wait === undefined ? '' : ` for ${wait} ms`}`);
    return wait === undefined ? f : { ...f, retryAfterMs: wait };
  }
  const to = status >= 300 && status < 400 ? ` (a redirect to ${printable(answer.headers.location ?? 'nowhere').slice(0, 200)}, not followed)` : '';
  return failure('uplink.http-status', `HTTP ${status}${to}`);
}

/** A refusal's body as the reason the gate keeps: printable, at most MAX_REASON_CHARS, never empty. */
function reasonOf(answer: HttpAnswer): string {
  if (answer.body === undefined) return `HTTP ${answer.status} with a body larger than ${MAX_ANSWER_BYTES} bytes`;
  let reason = printable(answer.body).slice(0, MAX_REASON_CHARS);
  // Never end on half a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(reason)) reason = reason.slice(0, -1);
  return reason === '' ? `HTTP ${answer.status} without a reason` : reason;
}

/** Control and format characters (newlines, escapes, bidi overrides) become single spaces; trimmed. */
function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ').trim();
}
