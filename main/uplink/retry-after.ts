/**
 * An HTTP `Retry-After` header (RFC 9110 §10.2.3) as a wait in ms: `delay-seconds` (digits only) or an
 * HTTP date (IMF-fixdate, or the obsolete RFC 850 and asctime forms, each starting with a day name; all
 * three are GMT, asctime without saying so).
 * Anything else — negative, fractional, exponent, an empty or repeated header — is ignored (undefined).
 * A date in the past is 0. A huge value is clamped to MAX_RETRY_AFTER_MS (the forwarder clamps again to
 * its own `retry.maxDelayMs`).
 */

/** The longest wait a platform can ask for: one hour, the most `uplink.retry.maxDelayMs` can be. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

const DELAY_SECONDS = /^\d{1,16}$/;
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? [ 0-9A-Za-z:-]{10,40}$/;

export function retryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (DELAY_SECONDS.test(value)) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  if (!HTTP_DATE.test(value)) return undefined;
  const at = Date.parse(value.endsWith(' GMT') ? value : `${value} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at - nowMs, 0), MAX_RETRY_AFTER_MS);
}
