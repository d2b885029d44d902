/**
 * The wait after a failed request to the platform, shared by the forwarder and the bundle pulls: the first
 * failure waits `firstDelayMs`, each further one doubles it up to `maxDelayMs`, and every wait is jittered by
 * ±50 % (within `maxDelayMs`) so a fleet that lost its platform together does not come back in lockstep. A
 * platform's Retry-After is honoured when longer, up to `maxDelayMs` too.
 */
import type { UplinkConfig } from '../../src/config/uplink.js';

export type RetrySettings = UplinkConfig['retry'];

/** `failuresInARow` ≥ 1; `random` in [0, 1). */
export function retryDelayMs(failuresInARow: number, retry: RetrySettings, random: () => number, retryAfterMs?: number): number {
  const { firstDelayMs, maxDelayMs } = retry;
  const exponential = Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(failuresInARow - 1, 30));
  const jittered = Math.min(maxDelayMs, Math.round(exponential * (0.5 + random())));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, maxDelayMs));
}
