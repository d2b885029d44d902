/**
 * Polls the NTP daemon's status (ntp-probe.ts) once at start and then every `clock.ntpCheckEveryMs` while
 * the clock is untrusted, and hands a synchronised report to ClockMonitor.markSynced, which counts it only
 * within the tolerance. A machine with no source is logged once, not at every poll; a report outside the
 * tolerance is a refusal (sync-refusals.ts).
 */
import { failure } from '../../src/result.js';
import type { Log } from '../log.js';
import type { ClockMonitor, SyncOutcome } from './monitor.js';
import type { TimeSyncProbe } from './ntp-probe.js';
import type { SyncRefusals } from './sync-refusals.js';

export interface NtpSyncOptions {
  readonly probe: TimeSyncProbe;
  readonly monitor: Pick<ClockMonitor, 'markSynced' | 'status'>;
  readonly everyMs: number;
  readonly refusals: SyncRefusals;
  readonly log?: Log;
}

export class NtpSync {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<SyncOutcome | 'unsynced' | 'absent'> | undefined;
  private toldAbsent = false;

  constructor(private readonly opts: NtpSyncOptions) {}

  /** Polls now, then every `everyMs` while untrusted. The timer does not keep the process alive. */
  start(): void {
    if (this.timer !== undefined) return;
    void this.poll();
    this.timer = setInterval(() => {
      if (!this.opts.monitor.status().trusted) void this.poll();
    }, this.opts.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One probe (never two at once): what became of it. */
  poll(): Promise<SyncOutcome | 'unsynced' | 'absent'> {
    this.inFlight ??= this.once().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async once(): Promise<SyncOutcome | 'unsynced' | 'absent'> {
    const report = await this.opts.probe.probe();
    if (report.state === 'absent') {
      if (!this.toldAbsent) this.opts.log?.info({ why: report.why }, 'no NTP status on this machine: after a jump only the platform’s signed time restores trust in the clock');
      this.toldAbsent = true;
      return 'absent';
    }
    if (report.state === 'unsynced') {
      this.opts.log?.debug({ source: report.source, why: report.why }, 'NTP not synchronised');
      return 'unsynced';
    }
    const outcome = this.opts.monitor.markSynced({ source: report.source, offsetMs: report.offsetMs, detail: report.detail });
    if (outcome === 'trusted' || outcome === 'confirmed') this.opts.refusals.reset();
    else this.opts.refusals.refuse(report.source, failure(`ntp.${outcome}`, outcome === 'outside-tolerance' ? `the NTP daemon puts the wall clock ${Math.round(report.offsetMs ?? 0)} ms off` : 'the wall clock reads before this release'), report.detail);
    return outcome;
  }
}
