import type { Discarded } from '../../parsed-stream.js';
import { LineParser, type LineDiscardReason } from '../../scanner/line/parser.js';
import { readEvent, type ReadEvent } from '../parsed-reader.js';
import { decodeLine, wiegandNumber, type WiegandDefect, type WiegandEncoding, type WiegandNumber } from './codec.js';

export type WiegandDiscardReason = LineDiscardReason | WiegandDefect;

/**
 * A serial Wiegand converter's lines as badge reads (docs/devices/wiegand.md §2). Never throws; memory is
 * LineParser's. A line that is not a message of 26 or 34 bits in the configured encoding, or whose parity is
 * wrong, is discarded with that defect (`bytes`: the line). Terminators are framing, as in LineParser.
 */
export class WiegandParser {
  readonly #lines = new LineParser('auto');

  constructor(
    private readonly encoding: WiegandEncoding,
    private readonly form: WiegandNumber,
  ) {}

  push(chunk: Uint8Array): (ReadEvent | Discarded<WiegandDiscardReason>)[] {
    return this.#lines.push(chunk).map((e) => {
      if (e.type === 'discarded') return e;
      const card = decodeLine(e.text, this.encoding);
      if (card.ok) return readEvent({ kind: 'badge', number: wiegandNumber(card.value, this.form) });
      return { type: 'discarded', bytes: new TextEncoder().encode(e.text), reason: card.error };
    });
  }
}
