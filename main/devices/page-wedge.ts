/**
 * A keyboard-wedge scanner typing into the kiosk page (config `protocol: "wedge"`, docs/devices/wedge.md): a
 * lane's reader port fed with the page's key events instead of bytes. Each page (bridge connection) has its
 * own detector, on the page's clock (its events' `t`); a scan becomes a `text` read, as a line scanner's code
 * does, stamped with the gate's monotonic clock. What the page does with each key press it held comes back:
 * released to the UI (typing), taken (a scan), or still pending until `decideAfter` on its clock.
 */
import { WedgeDetector } from '../../src/keyboard/detector.js';
import type { KeyEvent } from '../../src/keyboard/key-event.js';
import type { WedgeReaderConfig } from '../../src/config/readers/wedge.js';
import type { DeviceCounters, DeviceState } from '../../src/devices/status.js';
import { ok, type Failure, type Result } from '../../src/result.js';
import { Listeners } from '../../drivers/listeners.js';
import { monotonicNow } from '../../drivers/monotonic.js';
import type { ReaderDiscarded, ReaderRead } from '../../drivers/reader/reader.js';
import type { ReaderPort } from '../lane/ports.js';

/** A key event as the page numbers it, so the verdicts can name it. */
export type PageKeyEvent = KeyEvent & { readonly seq: number };

export interface KeyVerdicts {
  /** Presses to release to the UI, in order. */
  readonly released: number[];
  /** Presses that formed a scan: the UI never gets them. */
  readonly taken: number[];
  /** When (page clock) the presses still pending will be decided, if none comes sooner; null when none is pending. */
  readonly decideAfter: number | null;
}

/** Pages with a detector at once: the bridge's own connection cap. The page least recently heard from goes first. */
const MAX_PAGES = 32;

export class PageWedge implements ReaderPort {
  readonly kind = 'scanner' as const;
  readonly #reads = new Listeners<[ReaderRead]>();
  readonly #pages = new Map<string, WedgeDetector<PageKeyEvent>>();
  readonly #since = Date.now();
  #scans = 0;

  constructor(
    readonly id: string,
    private readonly config: WedgeReaderConfig,
    private readonly clock: () => number = monotonicNow,
  ) {}

  /** Feeds `page`'s key events (in the order they happened), then its clock's `now`. Never throws. */
  feed(page: string, events: readonly PageKeyEvent[], now: number): KeyVerdicts {
    const detector = this.#pages.get(page) ?? new WedgeDetector<PageKeyEvent>(this.config);
    this.#pages.delete(page);
    this.#pages.set(page, detector);
    for (const stale of [...this.#pages.keys()].slice(0, Math.max(0, this.#pages.size - MAX_PAGES))) this.#pages.delete(stale);
    const verdicts: KeyVerdicts = { released: [], taken: [], decideAfter: null };
    for (const output of [...events.flatMap((e) => detector.push(e)), ...detector.tick(now)]) {
      const seqs = output.keys.map((k) => k.seq);
      if (output.kind === 'typing') verdicts.released.push(...seqs);
      else {
        verdicts.taken.push(...seqs);
        this.#scans += 1;
        this.#reads.emit({ kind: 'text', text: output.text, at: this.clock() });
      }
    }
    return { ...verdicts, decideAfter: detector.decideAfter() ?? null };
  }

  /** Always ready: the page's keyboard is there whenever a page is. */
  link(): DeviceState {
    return { state: 'ready', since: this.#since };
  }

  onRead(listener: (read: ReaderRead) => void): () => void {
    return this.#reads.add(listener);
  }

  /** A wedge has no frames to garble. */
  onBadFrame(_listener: (b: ReaderDiscarded) => void): () => void {
    return () => undefined;
  }

  /** A keyboard cannot be told to beep: the scanner's own good-read beep is the acknowledgement. */
  acknowledge(): Promise<Result<void, Failure>> {
    return Promise.resolve(ok(undefined));
  }

  counters(): DeviceCounters {
    return { frames: this.#scans, badFrames: 0, discardedBytes: 0 };
  }
}
