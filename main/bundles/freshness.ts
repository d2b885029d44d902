/**
 * How old each bundle kind in force is, against the maximum age the policy in force gives it (`freshness`,
 * docs/bundles.md §Freshness). A kind is **stale** when now − (its issue time, else when it was applied)
 * exceeds its maximum age, or when the policy gives it a maximum age and nothing of that kind was ever
 * applied (age null). The engine sends the rules that read a stale kind to its `onStale`.
 *
 * Checked on a timer (unref'd), on every change of what is in force or of the policy, and at each decision
 * (`stale()`), so a decision never runs on a kind that went stale between two ticks. Each start of
 * staleness is journaled `bundle.stale` {kind, ageMs, maxAgeMs, onStale} and each end `bundle.fresh`
 * {kind, staleForMs, version}, and logged; a restart starts with nothing known stale, so a kind still stale
 * is journaled stale again at start.
 */
import { BUNDLE_KINDS, type BundleKind } from '../../src/bundles/kinds.js';
import type { BundleView } from '../../src/ipc/view.js';
import type { StaleBundle, StaleBundles } from '../../src/policy/engine.js';
import type { LoadedPolicy } from '../../src/policy/load.js';
import type { Failure, Result } from '../../src/result.js';
import type { Log } from '../log.js';
import type { BundleStates } from './types.js';

export const FRESHNESS_CHECK_EVERY_MS = 60_000;
const HOUR_MS = 3_600_000;

/** The policy in force, as far as freshness needs it (PolicyStore). */
export interface PolicyInForce {
  current(): LoadedPolicy;
  onChange(listener: (p: LoadedPolicy) => void): () => void;
}

export interface FreshnessDeps {
  readonly bundles: BundleStates;
  readonly policies: PolicyInForce;
  /** The wall clock, epoch ms (the ClockMonitor's reading). */
  readonly wallNow: () => number;
  readonly events: { recordEvent(e: { at: string; kind: string; detail: Record<string, unknown> }): Result<void, Failure> };
  readonly log: Log;
  /** Called when a kind becomes stale or fresh again (the screen republishes). */
  readonly onChange?: () => void;
  readonly checkEveryMs?: number;
}

export class FreshnessMonitor {
  /** Stale kinds, with when this monitor first saw each stale (wall ms). */
  private readonly staleSince = new Map<BundleKind, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: FreshnessDeps) {}

  /** Checks now, then on every change and every `checkEveryMs` until `stop`. */
  start(): void {
    if (this.timer !== undefined) return;
    this.unsubscribe.push(this.deps.bundles.onChange(() => this.check()), this.deps.policies.onChange(() => this.check()));
    this.timer = setInterval(() => this.check(), this.deps.checkEveryMs ?? FRESHNESS_CHECK_EVERY_MS);
    this.timer.unref();
    this.check();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /** Every kind in force or given a maximum age, in BUNDLE_KINDS order, as of now; journals what changed. */
  check(): BundleView[] {
    const now = this.deps.wallNow();
    const rows = this.rows(now);
    let changed = false;
    for (const row of rows) changed = this.note(row, now) || changed;
    for (const kind of this.staleSince.keys()) {
      if (!rows.some((r) => r.kind === kind)) changed = this.note({ kind, version: null, ageMs: null, maxAgeMs: null, stale: false, onStale: null }, now) || changed;
    }
    if (changed) this.deps.onChange?.();
    return rows;
  }

  /** The stale kinds for a decision made now (checked first). */
  stale(): StaleBundles {
    return new Map(this.check().flatMap((r): [BundleKind, StaleBundle][] => (r.stale ? [[r.kind, { ageMs: r.ageMs }]] : [])));
  }

  private rows(now: number): BundleView[] {
    const inForce = new Map(this.deps.bundles.inForce().map((b) => [b.kind, b]));
    const maxAge = new Map((this.deps.policies.current().doc.freshness ?? []).map((f) => [f.kind, f]));
    return BUNDLE_KINDS.flatMap((kind): BundleView[] => {
      const b = inForce.get(kind);
      const f = maxAge.get(kind);
      if (b === undefined && f === undefined) return [];
      const ageMs = b === undefined ? null : now - (b.issuedAt ?? b.appliedAt);
      const maxAgeMs = f === undefined ? null : f.maxAgeHours * HOUR_MS;
      const stale = maxAgeMs !== null && (ageMs === null || ageMs > maxAgeMs);
      return [{ kind, version: b?.version ?? null, ageMs, maxAgeMs, stale, onStale: f?.onStale ?? null }];
    });
  }

  /** Journals and logs a change of one kind's staleness; true when it changed. */
  private note(row: BundleView, now: number): boolean {
    const since = this.staleSince.get(row.kind);
    if (row.stale === (since !== undefined)) return false;
    if (since === undefined) {
      this.staleSince.set(row.kind, now);
      const detail = { kind: row.kind, ageMs: row.ageMs, maxAgeMs: row.maxAgeMs, onStale: row.onStale };
      this.deps.log.warn(detail, `bundle ${row.kind} is stale: the rules that read it ${row.onStale === 'deny' ? 'deny' : 'go to the guard'}`);
      this.journal('bundle.stale', now, detail);
    } else {
      this.staleSince.delete(row.kind);
      const detail = { kind: row.kind, staleForMs: now - since, version: row.version };
      this.deps.log.info(detail, `bundle ${row.kind} is fresh again`);
      this.journal('bundle.fresh', now, detail);
    }
    return true;
  }

  private journal(kind: string, now: number, detail: Record<string, unknown>): void {
    const r = this.deps.events.recordEvent({ at: new Date(now).toISOString(), kind, detail });
    if (!r.ok) this.deps.log.error({ error: r.error, event: kind }, 'could not journal a freshness event');
  }
}
