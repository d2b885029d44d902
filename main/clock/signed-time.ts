/**
 * The platform's signed time (docs/bundles.md §Time): an ack or a heartbeat answer may carry `time`, a
 * compact JWS (EdDSA, typ `gate-time+jws`) of {nonce, at}. It restores trust in the clock only when, in this
 * order:
 *
 * 1. it is a compact JWS with that header, signed by a configured key (`bundles.keys`)  → time.malformed,
 *    time.unknown-key, time.bad-signature (main/bundles/jws.ts `verifyCompactJws`)
 * 2. its payload is {nonce, at} (src/uplink/wire.ts `signedTimeClaims`)                → time.invalid
 * 3. the key has the `time` scope                                                      → time.key-not-allowed
 * 4. its nonce is the one the gate sent in what this answers                           → time.nonce-mismatch
 * 5. that nonce has not vouched before (each counts once)                              → time.replayed
 * 6. |at − wall clock| ≤ `clock.syncToleranceMs` (ClockMonitor.markSynced)             → time.outside-tolerance
 *
 * A refusal is counted, logged and journaled once per kind and episode (sync-refusals.ts). The nonce is
 * fresh per request and handed over by the forwarder with the answer to that request, so "recently sent"
 * is the transport's timeout; a time signed for an earlier request carries that request's nonce.
 */
import type { Failure, Result } from '../../src/result.js';
import { err, failure, ok } from '../../src/result.js';
import { issueLines } from '../../src/zod-issues.js';
import { MAX_SIGNED_TIME_CHARS, signedTimeClaims, signedTimeHeader, TIME_TYP } from '../../src/uplink/wire.js';
import { BUNDLE_ALG } from '../../src/bundles/envelope.js';
import type { KeyObject } from 'node:crypto';
import { signCompactJws, type TrustedKey, verifyCompactJws } from '../bundles/jws.js';
import type { ClockMonitor, SyncOutcome } from './monitor.js';
import type { SyncRefusals } from './sync-refusals.js';

export type SignedTimeRefusal =
  | 'time.malformed'
  | 'time.unknown-key'
  | 'time.bad-signature'
  | 'time.invalid'
  | 'time.key-not-allowed'
  | 'time.nonce-mismatch'
  | 'time.replayed'
  | 'time.outside-tolerance'
  | 'time.before-release';

/** How many nonces are remembered as used (far more than can be in flight). */
const REMEMBERED_NONCES = 1024;

/** The platform's side (and the test platforms'): the signed time answering `nonce`, at `atMs`. */
export function signTime(nonce: string, atMs: number, kid: string, privateKey: KeyObject): string {
  return signCompactJws({ alg: BUNDLE_ALG, typ: TIME_TYP, kid }, { nonce, at: atMs }, privateKey);
}

export interface SignedTimeOptions {
  /** Every configured key (config `bundles.keys`): one without the `time` scope is refused as such. */
  readonly keys: readonly TrustedKey[];
  readonly monitor: Pick<ClockMonitor, 'markSynced'>;
  readonly wallNow: () => number;
  readonly refusals: SyncRefusals;
}

export class SignedTimeVerifier {
  private readonly used = new Set<string>();

  constructor(private readonly opts: SignedTimeOptions) {}

  /** Checks `time`, answering a request sent with `nonce`, and hands it to the monitor; see the module comment. */
  accept(time: string, nonce: string): Result<SyncOutcome, Failure<SignedTimeRefusal>> {
    const r = this.check(time, nonce);
    if (r.ok) this.opts.refusals.reset();
    else this.opts.refusals.refuse('platform', r.error);
    return r;
  }

  private check(time: string, nonce: string): Result<SyncOutcome, Failure<SignedTimeRefusal>> {
    const jws = verifyCompactJws(time, this.opts.keys, signedTimeHeader, MAX_SIGNED_TIME_CHARS, 'signed time');
    if (!jws.ok) return err(failure(`time.${jws.error.code}`, jws.error.message));
    const claims = signedTimeClaims.safeParse(jws.value.payload);
    if (!claims.success) return err(failure('time.invalid', issueLines(claims.error, '(payload)').join('; ')));
    const { key } = jws.value;
    if (!key.kinds.includes('time')) return err(failure('time.key-not-allowed', `key "${key.kid}" may sign ${key.kinds.join(', ')}, not the time`));
    if (claims.data.nonce !== nonce) return err(failure('time.nonce-mismatch', 'the signed time does not echo the nonce this gate sent'));
    if (this.used.has(nonce)) return err(failure('time.replayed', 'this nonce has already vouched for the clock once'));
    this.remember(nonce);
    const offsetMs = claims.data.at - this.opts.wallNow();
    const outcome = this.opts.monitor.markSynced({ source: `platform:${key.kid}`, offsetMs, detail: { kid: key.kid, platformAt: new Date(claims.data.at).toISOString() } });
    if (outcome === 'outside-tolerance') return err(failure('time.outside-tolerance', `the platform's time is ${Math.round(offsetMs)} ms from the wall clock`));
    if (outcome === 'before-release') return err(failure('time.before-release', 'the wall clock reads before this release'));
    return ok(outcome);
  }

  private remember(nonce: string): void {
    this.used.add(nonce);
    if (this.used.size > REMEMBERED_NONCES) {
      const oldest = this.used.values().next();
      if (oldest.done !== true) this.used.delete(oldest.value);
    }
  }
}
