/** Properties of the wedge detector, 10,000 cases each. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WedgeDetector } from '../../src/keyboard/detector.js';
import type { KeyEvent } from '../../src/keyboard/key-event.js';
import { isModifierCode, usKeyOf } from '../../src/keyboard/us-layout.js';
import { typeAsScanner } from '../fixtures/keyboard/generate.js';
import { run } from './support.js';

const RUNS = 10_000;
const CODES = ['Digit1', 'KeyA', 'KeyQ', 'Enter', 'Tab', 'NumpadEnter', 'Backspace', 'ShiftLeft', 'ControlLeft', 'Space', 'Quote', 'Numpad5', 'ArrowLeft', '', 'Unidentified', 'constructor', '__proto__'];

const anyEvent: fc.Arbitrary<KeyEvent> = fc.record({
  code: fc.oneof(fc.constantFrom(...CODES), fc.string({ maxLength: 32 })),
  key: fc.string({ maxLength: 32 }),
  type: fc.constantFrom('down' as const, 'up' as const),
  shift: fc.boolean(),
  ctrl: fc.boolean(),
  alt: fc.boolean(),
  meta: fc.boolean(),
  repeat: fc.boolean(),
  composing: fc.boolean(),
  t: fc.oneof(fc.double(), fc.integer({ min: -1000, max: 100_000 })),
});

/** Printable ASCII a US keyboard types (no Tab/Enter, which end a scan). */
const scanChar = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)).filter((c) => usKeyOf(c) !== undefined);

describe('wedge detector properties', () => {
  it(`never throws on arbitrary event streams, and every key press comes out once (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 60 }), fc.double(), (events, later) => {
        const d = new WedgeDetector();
        const out = [...events.flatMap((e) => d.push(e)), ...d.tick(later)];
        const pressed = events.filter((e) => e.type === 'down' && !isModifierCode(e.code));
        expect(out.reduce((n, o) => n + o.keys.length, 0) + d.pending()).toBe(pressed.length);
      }),
      { numRuns: RUNS },
    );
  });

  it(`a scan burst at any rate 2–90 ms per key with jitter up to 20% is one scan with the right text (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(
        fc.array(scanChar, { minLength: 6, maxLength: 300 }),
        fc.double({ min: 2, max: 90, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.constantFrom('Enter' as const, 'Tab' as const),
        (chars, ms, jitter, offsets, suffix) => {
          const text = chars.join('');
          const events = typeAsScanner(text, { layout: 'us', interval: (i) => ms * (1 + jitter * (offsets[i % offsets.length] ?? 0)), suffix });
          const out = run(events);
          expect(out).toHaveLength(1);
          expect(out[0]).toMatchObject({ kind: 'scan', text, suffix });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`a burst at 2–33 ms per key with jitter up to 20% (a mean under fastMeanMs) is one scan without a suffix too (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(scanChar, { minLength: 6, maxLength: 100 }), fc.double({ min: 2, max: 33, noNaN: true }), fc.double({ min: 0, max: 0.2, noNaN: true }), fc.integer(), (chars, ms, jitter, seed) => {
        const text = chars.join('');
        const events = typeAsScanner(text, { layout: 'us', interval: (i) => ms * (1 + jitter * Math.sin(seed + i)) });
        expect(run(events)).toMatchObject([{ kind: 'scan', text, suffix: undefined }]);
      }),
      { numRuns: RUNS },
    );
  });
});
