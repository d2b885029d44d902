/**
 * The keyboard-wedge detector: a stream of key events in, scans and typing out. Pure and shell-independent: the
 * headless host feeds it the page's key events, the Electron shell `before-input-event`. Every key press it is
 * given comes out exactly once, in order, either in a `scan` (its keys never reach the UI) or in `typing` (keys
 * to release to the UI); until then it is pending. Key releases, modifier keys and keys pressed while nothing is
 * pending and that no scanner types come out at once as typing (releases and modifiers: never, the UI has them).
 * Never throws, whatever the events hold; memory is bounded by `maxLength`.
 */
import type { KeyEvent } from './key-event.js';
import { classifyBurst, type TypingReason } from './rule.js';
import { WEDGE_DEFAULTS, type WedgeSettings } from './settings.js';
import { isModifierCode, usCharOf } from './us-layout.js';

export type WedgeOutput<E extends KeyEvent = KeyEvent> =
  /** A code, decoded from the physical keys through the US layout. `keys` are its presses, suffix included. */
  | { readonly kind: 'scan'; readonly text: string; readonly firstAt: number; readonly lastAt: number; readonly suffix: string | undefined; readonly keys: readonly E[] }
  /** Key presses a person typed, to be released to the UI in this order. */
  | { readonly kind: 'typing'; readonly reason: TypingReason; readonly keys: readonly E[] };

/** The keys a scanner may send after a code, whatever the config picks of them. */
const SUFFIX_KEYS: readonly string[] = ['Enter', 'NumpadEnter', 'Tab'];

/**
 * Whether a key press may be part of a scan under any settings: a key a US layout types with, at most, Shift, or a
 * suffix key; no Ctrl/Alt/Meta, no input method composing. The page holds these (and, while it holds any, every key).
 */
export function mayBeScanKey(e: Pick<KeyEvent, 'code' | 'shift' | 'ctrl' | 'alt' | 'meta' | 'composing'>): boolean {
  return !e.ctrl && !e.alt && !e.meta && !e.composing && (SUFFIX_KEYS.includes(e.code) || usCharOf(e.code, e.shift) !== undefined);
}

/** A key down for longer than this without its release is taken as released (its release went to another window). */
const STUCK_KEY_MS = 1000;
/** Keys tracked as held at once; a person holds a few, a scanner one. */
const MAX_HELD = 16;

export class WedgeDetector<E extends KeyEvent = KeyEvent> {
  #keys: E[] = [];
  #chars: string[] = [];
  #intervals: number[] = [];
  #first = 0;
  #last = 0;
  /** Non-modifier keys held now, by code, with when they went down. */
  readonly #held = new Map<string, number>();

  constructor(readonly settings: WedgeSettings = WEDGE_DEFAULTS) {}

  /** Presses waiting for a decision. */
  pending(): number {
    return this.#keys.length;
  }

  /** The time after which `tick` decides the pending presses (undefined when none is pending). */
  decideAfter(): number | undefined {
    return this.#keys.length === 0 ? undefined : this.#last + this.settings.maxIntervalMs;
  }

  /** Ends the pending burst if no key came for longer than `maxIntervalMs` before `now`. */
  tick(now: number): WedgeOutput<E>[] {
    return this.#keys.length > 0 && now - this.#last > this.settings.maxIntervalMs ? [this.#decide(false)] : [];
  }

  push(event: E): WedgeOutput<E>[] {
    const t = Number.isFinite(event.t) ? event.t : this.#last;
    if (event.type !== 'down') {
      this.#held.delete(event.code);
      return [];
    }
    if (isModifierCode(event.code)) return [];
    const out = this.tick(t);
    for (const [code, since] of this.#held) if (t - since > STUCK_KEY_MS || t < since) this.#held.delete(code);
    const repeat = event.repeat || this.#held.has(event.code);
    const rolled = [...this.#held.keys()].some((code) => code !== event.code);
    this.#hold(event.code, t);
    const suffix = this.settings.suffixKeys.includes(event.code);
    const char = suffix ? undefined : usCharOf(event.code, event.shift);
    const scanKey = mayBeScanKey(event) && (suffix || char !== undefined);
    if (!scanKey || repeat || rolled) {
      const keys = [...this.#keys, event];
      this.#reset();
      out.push({ kind: 'typing', reason: !scanKey ? 'not-a-scan-key' : repeat ? 'repeat' : 'rollover', keys });
      return out;
    }
    if (this.#keys.length === 0) this.#first = t;
    else this.#intervals.push(Math.max(0, t - this.#last));
    this.#keys.push(event);
    this.#last = t;
    if (suffix) out.push(this.#decide(true));
    else {
      this.#chars.push(char ?? '');
      if (this.#chars.length >= this.settings.maxLength) out.push(this.#decide(false));
    }
    return out;
  }

  #hold(code: string, t: number): void {
    if (this.#held.size >= MAX_HELD) this.#held.clear();
    this.#held.set(code, t);
  }

  #decide(suffix: boolean): WedgeOutput<E> {
    const verdict = classifyBurst({ chars: this.#chars.length, intervals: this.#intervals, suffix }, this.settings);
    const keys = this.#keys;
    const output: WedgeOutput<E> =
      verdict === 'scan'
        ? { kind: 'scan', text: this.#chars.join(''), firstAt: this.#first, lastAt: this.#last, suffix: suffix ? keys[keys.length - 1]?.code : undefined, keys }
        : { kind: 'typing', reason: verdict, keys };
    this.#reset();
    return output;
  }

  #reset(): void {
    this.#keys = [];
    this.#chars = [];
    this.#intervals = [];
  }
}
