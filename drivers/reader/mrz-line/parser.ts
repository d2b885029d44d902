import { LineParser, type LineDiscardReason } from '../../scanner/line/parser.js';
import type { Discarded } from '../../parsed-stream.js';
import { readEvent, type ReadEvent } from '../parsed-reader.js';
import { canOpenZone, classifyLine, linesOf, type MrzLineDefect } from './codec.js';

/**
 * `zone-cut-short`: lines of a zone that never completed (the next line was late, of another format, or not
 * a zone's line); the other reasons are the line's own (LineParser's, or a defect of `classifyLine`).
 */
export type MrzLineDiscardReason = LineDiscardReason | MrzLineDefect | 'zone-cut-short';

type Event = ReadEvent | Discarded<MrzLineDiscardReason>;

const encoder = new TextEncoder();

/**
 * Groups an MRZ reader's lines into whole zones (docs/devices/mrz-line.md §2). Never throws; bounded memory
 * (one line being read, and at most two lines of a zone waiting).
 *
 * - A line that is not `A–Z 0–9 <` or not 30, 36 or 44 long is discarded with its defect, and cuts short any
 *   zone in progress.
 * - Lines join while each has the length of the first and arrives within `lineTimeoutMs` of the one before
 *   (stamped when the chunk holding its terminator arrived, on `clock`); a late line, or one of another
 *   length, cuts the waiting lines short and starts a zone of its own. Waiting lines whose time runs out with
 *   nothing after them are cut short at that time (`deadline`, which ParsedStream follows).
 * - A zone opens only with a line that can open one (`canOpenZone`): the lines left of a zone whose first
 *   line was lost are discarded as `zone-cut-short`, never joined into a zone in the wrong order.
 * - An empty line (a blank line after a zone) is discarded and cuts nothing.
 * - Terminators are framing, as in LineParser; every other byte ends up in a zone, a discarded event, or is
 *   still pending.
 */
export class MrzZoneParser {
  readonly #lines = new LineParser('auto');
  #waiting: string[] = [];
  #lastAt = 0;

  constructor(
    private readonly lineTimeoutMs: number,
    private readonly clock: () => number,
  ) {}

  push(chunk: Uint8Array): Event[] {
    const now = this.clock();
    const events: Event[] = [];
    if (this.#waiting.length > 0 && now - this.#lastAt > this.lineTimeoutMs) this.#cutShort(events);
    for (const e of this.#lines.push(chunk)) {
      if (e.type === 'discarded') {
        if (e.reason !== 'empty') this.#cutShort(events);
        events.push(e);
        continue;
      }
      const format = classifyLine(e.text);
      if (!format.ok) {
        this.#cutShort(events);
        events.push({ type: 'discarded', bytes: encoder.encode(e.text), reason: format.error });
        continue;
      }
      if (this.#waiting.length > 0 && this.#waiting[0]?.length !== e.text.length) this.#cutShort(events);
      if (this.#waiting.length === 0 && !canOpenZone(e.text)) {
        events.push({ type: 'discarded', bytes: encoder.encode(e.text), reason: 'zone-cut-short' });
        continue;
      }
      this.#waiting.push(e.text);
      this.#lastAt = now;
      if (this.#waiting.length === linesOf(format.value)) {
        events.push(readEvent({ kind: 'mrz', lines: this.#waiting }));
        this.#waiting = [];
      }
    }
    return events;
  }

  deadline(): number | undefined {
    return this.#waiting.length > 0 ? this.#lastAt + this.lineTimeoutMs : undefined;
  }

  #cutShort(events: Event[]): void {
    if (this.#waiting.length === 0) return;
    events.push({ type: 'discarded', bytes: encoder.encode(this.#waiting.join('')), reason: 'zone-cut-short' });
    this.#waiting = [];
  }
}
