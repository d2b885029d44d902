/**
 * What both pulls (pull-https.ts, pull-mqtt.ts) share: handing each bundle that came down to the sink, one
 * offer at a time in arrival order, and counting what happened — for the view, the logs and the tests.
 *
 * - `fetched`: bundles that came down (an HTTP 200, an MQTT message), offered or refused unread;
 * - `applied` / `unchanged` / `refused`: the sink's answers (a bundle over MAX_BUNDLE_BYTES is refused here,
 *   unoffered, code `bundle.too-large`);
 * - `failures`: requests or connections that failed (a status, a timeout, the network, TLS), never a crash;
 * - `lastSuccessAt` per kind: when the gate last learned it holds the platform's newest of that kind (the
 *   sink took it, HTTP 304, or HTTP 404: none published).
 *
 * A sink that throws is a bug: logged loudly and counted as a failure, and the pull goes on.
 */
import type { BundlePullView } from '../../src/ipc/view.js';
import { BUNDLE_KINDS, type BundleKind } from '../../src/bundles/kinds.js';
import { type Failure, failure } from '../../src/result.js';
import type { Log } from '../log.js';
import { thrownForLog } from '../log.js';
import type { BundleSink } from './types.js';

export type { BundlePullView } from '../../src/ipc/view.js';

/**
 * The order kinds come down in: an HTTPS round fetches them in it, the MQTT client subscribes in it (the
 * broker hands the retained bundles over in that order). The district key before the lists hashed under it;
 * the notices before a policy that cites a notice they bring.
 */
export const PULL_ORDER: readonly BundleKind[] = ['district-key', 'notices', ...BUNDLE_KINDS.filter((k) => k !== 'district-key' && k !== 'notices')];

type Counts = { -readonly [K in 'fetched' | 'applied' | 'unchanged' | 'refused' | 'failures']: number };

export interface TallyDeps {
  readonly via: BundlePullView['via'];
  readonly sink: BundleSink;
  readonly log: Log;
  readonly wallNow: () => number;
  readonly onChange?: (() => void) | undefined;
}

export class PullTally {
  private readonly counts: Counts = { fetched: 0, applied: 0, unchanged: 0, refused: 0, failures: 0 };
  private readonly lastSuccessAt = Object.fromEntries(BUNDLE_KINDS.map((k) => [k, null])) as Record<BundleKind, number | null>;
  private failing: BundlePullView['failing'] = null;
  /** The offer in progress: the next one waits for it. */
  private offers: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: TallyDeps) {}

  /** The source the sink journals: `uplink:https` or `uplink:mqtt`. */
  get source(): string {
    return `uplink:${this.deps.via}`;
  }

  /** Offers a bundle that came for `kind` (after any offer still in progress); true when the sink took it (applied or unchanged). */
  offer(kind: BundleKind, text: string): Promise<boolean> {
    this.counts.fetched++;
    const next = this.offers.then(() => this.offerNow(kind, text));
    this.offers = next;
    return next;
  }

  /** Resolves once every offer made so far has been answered (a stop waits for it, so none outlives the sink). */
  async settled(): Promise<void> {
    await this.offers;
  }

  /** A bundle larger than MAX_BUNDLE_BYTES came for `kind`: refused unread. */
  tooLarge(kind: BundleKind, what: string): void {
    this.counts.fetched++;
    this.counts.refused++;
    this.deps.log.error({ kind, code: 'bundle.too-large', reason: what }, 'bundle refused');
    this.changed();
  }

  /** The platform has nothing newer for `kind` (HTTP 304), or none at all (HTTP 404). */
  current(kind: BundleKind): void {
    this.succeeded(kind);
    this.changed();
  }

  /** A request (for `kind`, when it was for one) or a connection failed. */
  failed(kind: BundleKind | undefined, f: Failure): void {
    this.counts.failures++;
    if (this.failing === null) this.deps.log.warn({ kind, code: f.code, message: f.message }, 'bundle pull failing');
    else this.deps.log.debug({ kind, code: f.code, message: f.message }, 'bundle pull failed again');
    this.failing = { code: f.code, message: f.message, since: this.failing?.since ?? this.deps.wallNow() };
    this.changed();
  }

  /** A round went through without a failure (HTTPS), or the subscriptions stand again (MQTT). */
  working(): void {
    if (this.failing === null) return;
    this.deps.log.info({ failedForMs: this.deps.wallNow() - this.failing.since }, 'bundle pull working again');
    this.failing = null;
    this.changed();
  }

  view(): BundlePullView {
    return { via: this.deps.via, ...this.counts, lastSuccessAt: { ...this.lastSuccessAt }, failing: this.failing };
  }

  private async offerNow(kind: BundleKind, text: string): Promise<boolean> {
    let took = false;
    try {
      const r = await this.deps.sink.offer(text, this.source);
      if (r.ok) {
        took = true;
        this.counts[r.value.outcome]++;
        if (r.value.kind !== kind) this.deps.log.warn({ expected: kind, got: r.value.kind, version: r.value.version }, `a ${r.value.kind} bundle came where ${kind} bundles are published`);
        this.deps.log[r.value.outcome === 'applied' ? 'info' : 'debug']({ kind: r.value.kind, version: r.value.version, source: this.source }, `bundle ${r.value.outcome}`);
        this.succeeded(kind);
      } else {
        this.counts.refused++;
        this.deps.log.warn({ kind, code: r.error.code, reason: r.error.message }, 'bundle refused');
      }
    } catch (e) {
      this.deps.log.error({ kind, error: thrownForLog(e) }, 'the bundle sink threw (a bug); the pull goes on');
      this.failed(kind, failure('bundle.sink-threw', 'the bundle sink threw'));
    }
    this.changed();
    return took;
  }

  private succeeded(kind: BundleKind): void {
    this.lastSuccessAt[kind] = this.deps.wallNow();
  }

  private changed(): void {
    this.deps.onChange?.();
  }
}
