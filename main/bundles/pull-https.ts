/**
 * Bundles over HTTPS (docs/bundles.md §Transport): every `pullEveryMs`, and at start, one round of
 * `GET <url>/<kind>` for each kind in PULL_ORDER — the district key first, so a key rotation (which carries its
 * lists) is in force before lists hashed under the new key are offered, then the notices, so a policy citing a
 * notice they bring is offered after them — over the uplink's HTTPS client (https-client.ts:
 * the pinned CA, the client certificate, the bearer token). The gate's own district key is `GET
 * <url>/district-key` like the rest: the platform knows the gate by its credential.
 *
 * Each request sends `If-None-Match` with the ETag of the last bundle of that kind the sink took (applied or
 * unchanged), kept in memory: after a restart the first round fetches everything once (the sink answers
 * `unchanged`). A refused bundle's ETag is not kept, so it is fetched again next round (residents hashed
 * under a key this gate does not have yet are taken once the key rotation is in force).
 *
 * | answer | the pull |
 * |---|---|
 * | 200, `application/jose` or `text/plain` | offers the body; keeps its ETag when the sink takes it |
 * | 200 with a body over MAX_BUNDLE_BYTES | reads no further, refuses it (`bundle.too-large`) |
 * | 200 of another content type (an HTML page from a proxy) | `bundles.content-type`: a failure |
 * | 304 (to a request with If-None-Match) | nothing to do |
 * | 404 | none published for that kind (its ETag is forgotten) |
 * | anything else, a timeout, the network, TLS | a failure: counted, logged (http-answer.ts codes) |
 *
 * A failure for one kind does not stop the round, except a connection failure (unreachable, timeout, TLS),
 * which the rest of the round would only repeat. After a round with a failure, the next comes after the
 * forwarder's backoff (`uplink.retry`, doubling, ±50 % jitter, a Retry-After honoured), never later than
 * `pullEveryMs`. A request may be silent for at most `timeoutMs` (the uplink transport's) and must be whole
 * within `pullEveryMs` (at least `timeoutMs`): a large list over a slow link has time, a slow loris does not.
 */
import { MAX_BUNDLE_BYTES } from '../../src/bundles/envelope.js';
import type { BundleKind } from '../../src/bundles/kinds.js';
import { type Failure, failure } from '../../src/result.js';
import { type RetrySettings, retryDelayMs } from '../uplink/backoff.js';
import { httpStatusFailure } from '../uplink/http-answer.js';
import { httpRequest } from '../uplink/http-request.js';
import type { HttpsClient } from '../uplink/https-client.js';
import { Sleeper } from '../uplink/sleeper.js';
import type { UplinkFailure } from '../uplink/transport.js';
import { PULL_ORDER, type PullTally } from './pull-tally.js';

/** What a bundle may come as; anything else is not one (a proxy's error page, say). */
const BUNDLE_CONTENT_TYPES = new Set(['application/jose', 'text/plain']);

/** Failures that would only repeat for every other kind of the round. */
const CONNECTION_FAILURES = new Set(['uplink.unreachable', 'uplink.timeout', 'uplink.tls']);

export type PullFailure = UplinkFailure | Failure<'bundles.content-type'>;

export interface HttpsPullDeps {
  /** The client of `<url>` (each kind is fetched from `<url>/<kind>`). */
  readonly client: HttpsClient;
  readonly tally: PullTally;
  readonly pullEveryMs: number;
  readonly timeoutMs: number;
  readonly retry: RetrySettings;
  readonly wallNow: () => number;
  /** [0, 1); Math.random by default. */
  readonly random?: (() => number) | undefined;
}

export class HttpsPull {
  private readonly etags = new Map<BundleKind, string>();
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly sleeper = new Sleeper();
  private failedRounds = 0;

  constructor(private readonly deps: HttpsPullDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Ends the request in flight (its connection closed) and the loop. */
  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    this.deps.client.close();
    await this.loop;
  }

  /** The URL of one kind's bundle. */
  urlOf(kind: BundleKind): URL {
    const url = new URL(this.deps.client.url);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${kind}`;
    return url;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const failures = await this.round();
      if (!this.running) break;
      if (failures.length === 0) {
        this.deps.tally.working();
        this.failedRounds = 0;
        await this.sleep(this.deps.pullEveryMs);
        continue;
      }
      this.failedRounds++;
      const maxDelayMs = Math.min(this.deps.retry.maxDelayMs, this.deps.pullEveryMs);
      const retry = { firstDelayMs: Math.min(this.deps.retry.firstDelayMs, maxDelayMs), maxDelayMs };
      const retryAfter = Math.max(0, ...failures.map((f) => ('retryAfterMs' in f ? (f.retryAfterMs ?? 0) : 0)));
      await this.sleep(retryDelayMs(this.failedRounds, retry, this.deps.random ?? Math.random, retryAfter));
    }
  }

  /** One GET per kind; the failures. */
  private async round(): Promise<PullFailure[]> {
    const failures: PullFailure[] = [];
    for (const kind of PULL_ORDER) {
      if (!this.running) break;
      const f = await this.fetch(kind);
      if (f === undefined) continue;
      this.deps.tally.failed(kind, f);
      failures.push(f);
      if (CONNECTION_FAILURES.has(f.code)) break;
    }
    return failures;
  }

  private async fetch(kind: BundleKind): Promise<PullFailure | undefined> {
    const { client, timeoutMs, tally } = this.deps;
    const etag = this.etags.get(kind);
    const answer = await httpRequest({
      method: 'GET',
      url: this.urlOf(kind),
      agent: client.agent,
      headers: { accept: 'application/jose, text/plain', ...client.authorization, ...(etag === undefined ? {} : { 'if-none-match': etag }) },
      timeoutMs: Math.max(timeoutMs, this.deps.pullEveryMs),
      idleMs: timeoutMs,
      maxBodyBytes: MAX_BUNDLE_BYTES,
    });
    if (!this.running) return undefined;
    if (!answer.ok) return answer.error;
    const { status, headers, body } = answer.value;
    if (status === 304 && etag !== undefined) return void tally.current(kind);
    if (status === 404) {
      this.etags.delete(kind);
      return void tally.current(kind);
    }
    if (status !== 200) return httpStatusFailure(answer.value, this.deps.wallNow());
    if (body === undefined) return void tally.tooLarge(kind, `GET ${kind}: more than ${MAX_BUNDLE_BYTES} bytes`);
    const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!BUNDLE_CONTENT_TYPES.has(type)) {
      return failure('bundles.content-type', `GET ${kind}: HTTP 200 with content-type ${JSON.stringify(type.slice(0, 100))}, not application/jose or text/plain`);
    }
    const took = await tally.offer(kind, body);
    const next = headers.etag;
    if (took && next !== undefined) this.etags.set(kind, next);
    else if (took) this.etags.delete(kind);
    return undefined;
  }

  private sleep(ms: number): Promise<void> {
    return this.running ? this.sleeper.sleep(ms) : Promise.resolve();
  }
}
