/**
 * Watches free space where the journal lives and raises an alarm below `minFreeMB`, before the disk is
 * full and the gate has to stop taking people. Each change of the alarm is logged once and journaled
 * (`storage.low` / `storage.ok`) when a journal is open to take it.
 */
import type { StorageView } from '../../src/ipc/view.js';
import type { Failure, Result } from '../../src/result.js';
import type { Log } from '../log.js';
import { megabytes, type FreeSpace } from './free-space.js';

export interface StorageEvents {
  recordEvent(e: { at: string; kind: string; detail: Record<string, unknown> }): Result<void, Failure>;
}

export interface StorageMonitorOptions {
  readonly dir: string;
  readonly minFreeMB: number;
  readonly everyMs: number;
  readonly freeSpace: FreeSpace;
  /** The journal, once one is open; undefined meanwhile. */
  readonly events: () => StorageEvents | undefined;
  readonly wallNow: () => number;
  readonly log: Log;
  /** Called when what `status()` says changes. */
  readonly onChange: () => void;
}

export class StorageMonitor {
  private timer: NodeJS.Timeout | undefined;
  private current: StorageView;

  constructor(private readonly opts: StorageMonitorOptions) {
    this.current = { freeMB: null, minFreeMB: opts.minFreeMB, alarm: false };
  }

  /** Measures now, then every `everyMs`. */
  start(): void {
    this.check();
    this.timer = setInterval(() => this.check(), this.opts.everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  status(): StorageView {
    return this.current;
  }

  /** One measurement; an unmeasurable file system keeps the last alarm state and reports no figure. */
  check(): void {
    const { dir, minFreeMB, freeSpace, log } = this.opts;
    const free = freeSpace(dir);
    const freeMB = free.ok ? megabytes(free.value) : null;
    const alarm = freeMB === null ? this.current.alarm : freeMB < minFreeMB;
    const before = this.current;
    this.current = { freeMB, minFreeMB, alarm };
    if (alarm !== before.alarm) {
      const kind = alarm ? 'storage.low' : 'storage.ok';
      if (alarm) log.warn({ dir, freeMB, minFreeMB }, 'storage is running low');
      else log.info({ dir, freeMB, minFreeMB }, 'storage is back above its minimum');
      const r = this.opts.events()?.recordEvent({ at: new Date(this.opts.wallNow()).toISOString(), kind, detail: { freeMB, minFreeMB } });
      if (r !== undefined && !r.ok) log.error({ error: r.error }, 'could not journal a storage event');
    }
    if (freeMB !== before.freeMB || alarm !== before.alarm) this.opts.onChange();
  }
}
