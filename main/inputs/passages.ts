/**
 * Passage confirmation (docs/inputs.md): on a lane with a `passage` input, each admit waits up to the input's
 * `windowMs` for the turnstile's passage signal. The first signal (a change to signalling, src/inputs/contact.ts)
 * after an admit confirms the oldest admit still waiting; an admit whose window ends with no signal is not
 * passed. Either way the outcome is appended to the journal (Journal.recordPassage: a `passages` row for a
 * passage, and a `passage.confirmed` / `passage.not-passed` event); the decision row stays as it was. A signal
 * with no admit waiting is journaled as `passage.unexpected` (someone went through unadmitted, or the turnstile
 * was pushed), at most NOTICE_SUMMARY's burst a minute, the rest counted.
 */
import type { LaneInputConfig } from '../../src/config/inputs.js';
import type { Direction } from '../../src/domain.js';
import { signalling } from '../../src/inputs/contact.js';
import type { Failure, Result } from '../../src/result.js';
import type { PassageOutcome } from '../journal/journal.js';
import type { Log } from '../log.js';
import { Summary } from '../log/summary.js';
import type { LaneInput } from './open-inputs.js';

export interface PassageJournal {
  recordPassage(p: PassageOutcome): Result<void, Failure>;
  recordEvent(e: { at: string; kind: string; detail: Record<string, unknown> }): Result<void, Failure>;
}

/** An admit the journal committed, waiting for its passage. */
export interface Admitted {
  readonly seq: number;
  readonly id: string;
  readonly household: string | null;
}

export interface PassageDeps {
  readonly lane: string;
  readonly direction: Direction;
  readonly input: LaneInput & { readonly config: Extract<LaneInputConfig, { kind: 'passage' }> };
  readonly journal: PassageJournal;
  readonly wallNow: () => number;
  /** The clock the input's line stamps changes with. */
  readonly monotonic: () => number;
  readonly log: Log;
}

/** `passage.unexpected` rows per window; past the burst they are counted into one `events.suppressed` row. */
const UNEXPECTED_SUMMARY = { burst: 5, windowMs: 60_000 } as const;

export class PassageTracker {
  readonly #deps: PassageDeps;
  readonly #waiting: (Admitted & { readonly at: number; readonly timer: NodeJS.Timeout })[] = [];
  readonly #unexpected: Summary<{ kind: string }>;
  #unsubscribe: (() => void) | undefined;

  constructor(deps: PassageDeps) {
    this.#deps = deps;
    this.#unexpected = new Summary({
      ...UNEXPECTED_SUMMARY,
      report: ({ detail, count, windowMs }) => this.#event('events.suppressed', { ...detail, count, windowMs }),
    });
  }

  start(): void {
    const { line, config } = this.#deps.input;
    this.#unsubscribe = line.onChange((c) => {
      if (!signalling(c.previous, config.contact) && signalling(c.state, config.contact)) this.#passed(c.at);
    });
  }

  /** Admits still waiting are left unrecorded: the gate is stopping, and nobody can say whether they passed. */
  stop(): void {
    this.#unsubscribe?.();
    for (const w of this.#waiting.splice(0)) clearTimeout(w.timer);
    this.#unexpected.flush();
  }

  /** An admit was committed (and its relay pulse started): its window runs from now. */
  admitted(a: Admitted): void {
    const at = this.#deps.monotonic();
    const timer = setTimeout(() => this.#notPassed(a.seq), this.#deps.input.config.windowMs);
    this.#waiting.push({ ...a, at, timer });
  }

  #passed(at: number): void {
    const w = this.#waiting.shift();
    if (w === undefined) {
      if (this.#unexpected.admit('passage.unexpected', { kind: 'passage.unexpected' })) this.#event('passage.unexpected', {});
      return;
    }
    clearTimeout(w.timer);
    this.#record(w, true, at - w.at, this.#deps.wallNow() - (this.#deps.monotonic() - at));
  }

  #notPassed(seq: number): void {
    const i = this.#waiting.findIndex((w) => w.seq === seq);
    const [w] = this.#waiting.splice(i, 1);
    if (i < 0 || w === undefined) return;
    this.#record(w, false, this.#deps.input.config.windowMs, this.#deps.wallNow());
  }

  #record(w: Admitted, passed: boolean, afterMs: number, wallAt: number): void {
    const { lane, direction } = this.#deps;
    const r = this.#deps.journal.recordPassage({ at: new Date(wallAt).toISOString(), lane, direction, household: w.household, decisionSeq: w.seq, decisionId: w.id, passed, afterMs });
    if (!r.ok) this.#deps.log.error({ lane, seq: w.seq, passed, error: r.error }, 'could not journal a passage');
    else this.#deps.log.info({ lane, seq: w.seq, passed, afterMs: Math.round(afterMs) }, passed ? 'passage confirmed' : 'admitted, not passed');
  }

  #event(kind: string, detail: Record<string, unknown>): void {
    const r = this.#deps.journal.recordEvent({ at: new Date(this.#deps.wallNow()).toISOString(), kind, detail: { lane: this.#deps.lane, ...detail } });
    if (!r.ok) this.#deps.log.error({ error: r.error, kind }, 'could not journal an event');
  }
}
