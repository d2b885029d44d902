import type { Discarded } from '../../parsed-stream.js';
import { readEvent, type ReadEvent } from '../../reader/parsed-reader.js';
import { splitAimPrefix } from './codec.js';
import { LineParser, type LineDiscardReason, type LineSuffix } from './parser.js';

/**
 * A scanner's lines as `text` reads (docs/devices/line.md §1, §2). With `aimPrefix: 'strip'` a line opening
 * with an AIM identifier loses it and reports it as `symbology`; a line without one is passed on as it is
 * (a scanner whose prefix setting is off, or a code that is not a barcode read). Never throws; the byte
 * accounting is LineParser's.
 */
export class LineScanParser {
  readonly #lines: LineParser;

  constructor(
    suffix: LineSuffix,
    private readonly aimPrefix: 'none' | 'strip',
  ) {
    this.#lines = new LineParser(suffix);
  }

  push(chunk: Uint8Array): (ReadEvent | Discarded<LineDiscardReason>)[] {
    return this.#lines.push(chunk).map((e) => {
      if (e.type === 'discarded') return e;
      if (this.aimPrefix === 'none') return readEvent({ kind: 'text', text: e.text });
      const { text, symbology } = splitAimPrefix(e.text);
      return readEvent(symbology === undefined ? { kind: 'text', text } : { kind: 'text', text, symbology });
    });
  }
}
