/**
 * Syncs that did not count (a signed time with a bad signature or someone else's nonce, an NTP offset
 * outside the tolerance): each is counted; the first of each kind (source and code) since the last sync that
 * counted is journaled (`clock.sync-refused`) and logged at warn, the repeats only at debug, so a
 * misconfigured platform answering every batch does not fill the journal.
 */
import type { Failure } from '../../src/result.js';
import type { Log } from '../log.js';
import { type ClockEventSink, isoAt } from './monitor.js';

export interface SyncRefusalsOptions {
  readonly events: ClockEventSink;
  readonly wallNow: () => number;
  readonly log?: Log;
  readonly onSinkError?: (f: Failure) => void;
}

export class SyncRefusals {
  private readonly counted = new Map<string, number>();
  private readonly inEpisode = new Set<string>();

  constructor(private readonly opts: SyncRefusalsOptions) {}

  refuse(source: string, f: Failure, detail: Record<string, unknown> = {}): void {
    const key = `${source} ${f.code}`;
    this.counted.set(key, (this.counted.get(key) ?? 0) + 1);
    const facts = { source, code: f.code, reason: f.message, count: this.counted.get(key), ...detail };
    if (this.inEpisode.has(key)) return void this.opts.log?.debug(facts, 'clock sync refused again');
    this.inEpisode.add(key);
    this.opts.log?.warn(facts, 'clock sync refused');
    const r = this.opts.events.recordEvent({ at: isoAt(this.opts.wallNow()), kind: 'clock.sync-refused', detail: facts });
    if (!r.ok) this.opts.onSinkError?.(r.error);
  }

  /** A sync counted: the next refusal of any kind is journaled again. */
  reset(): void {
    this.inEpisode.clear();
  }

  /** Refusals since start, by `<source> <code>`. */
  counts(): ReadonlyMap<string, number> {
    return new Map(this.counted);
  }
}
