/** The trace files in test/fixtures/keyboard/ are what their generator yields (so nobody edits one by hand). */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { traces, type Trace } from '../fixtures/keyboard/generate.js';

const dir = new URL('../fixtures/keyboard/', import.meta.url);

/** The flags the event schema defaults to false are left out when false. */
const OPTIONAL_FLAGS = new Set(['ctrl', 'alt', 'meta', 'repeat', 'composing']);
const line = (e: Trace['events'][number]): string => JSON.stringify(Object.fromEntries(Object.entries(e).filter(([k, v]) => !(OPTIONAL_FLAGS.has(k) && v === false))));
/** One event a line, so a diff shows which key changed. */
const format = (t: Trace): string =>
  `{"source":${JSON.stringify(t.source)},"layout":${JSON.stringify(t.layout)},"scans":${JSON.stringify(t.scans)},"events":[\n${t.events.map(line).join(',\n')}\n]}`;

describe('keyboard trace fixtures', () => {
  for (const [name, trace] of Object.entries(traces())) {
    it(`${name}.json is what generate.ts yields`, () => {
      const file = new URL(`${name}.json`, dir);
      const text = `${Array.isArray(trace) ? `[\n${trace.map(format).join(',\n')}\n]` : format(trace)}\n`;
      if (process.env['GATE_WRITE_FIXTURES'] === '1') writeFileSync(file, text);
      expect(readFileSync(file, 'utf8')).toBe(text);
    });
  }
});
