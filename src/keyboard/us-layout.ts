/**
 * The US keyboard a wedge scanner emulates: physical key (KeyboardEvent.code, the W3C UI Events name of a HID
 * usage id) and Shift → the character a US layout types. A scanner sends key positions, not characters, so
 * decoding positions through this table gives the code it meant whatever layout the host has set: on a French
 * AZERTY host `Digit1` types `&` but is still `1` here; on a UK host Shift+`Digit2` types `"` but is `@` here
 * (docs/devices/wedge.md §3). Keys that type nothing (Enter, Tab, arrows, modifiers) are not in it.
 */

/** [unshifted, shifted] per code. */
const US: Readonly<Record<string, readonly [string, string]>> = {
  Backquote: ['`', '~'],
  Digit1: ['1', '!'],
  Digit2: ['2', '@'],
  Digit3: ['3', '#'],
  Digit4: ['4', '$'],
  Digit5: ['5', '%'],
  Digit6: ['6', '^'],
  Digit7: ['7', '&'],
  Digit8: ['8', '*'],
  Digit9: ['9', '('],
  Digit0: ['0', ')'],
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  Space: [' ', ' '],
  // The keypad types the same with or without Shift (NumLock on: scanners that use it turn it on).
  Numpad0: ['0', '0'],
  Numpad1: ['1', '1'],
  Numpad2: ['2', '2'],
  Numpad3: ['3', '3'],
  Numpad4: ['4', '4'],
  Numpad5: ['5', '5'],
  Numpad6: ['6', '6'],
  Numpad7: ['7', '7'],
  Numpad8: ['8', '8'],
  Numpad9: ['9', '9'],
  NumpadDecimal: ['.', '.'],
  NumpadAdd: ['+', '+'],
  NumpadSubtract: ['-', '-'],
  NumpadMultiply: ['*', '*'],
  NumpadDivide: ['/', '/'],
  ...Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c) => [`Key${c}`, [c.toLowerCase(), c] as const])),
};

/** The character a US layout types for `code` with Shift as given; undefined for a key that types none. */
export function usCharOf(code: string, shift: boolean): string | undefined {
  const pair = Object.hasOwn(US, code) ? US[code] : undefined;
  return pair?.[shift ? 1 : 0];
}

/** The key and Shift state that type `char` on a US layout; undefined for a character it has no key for. For simulators and fixtures. */
export function usKeyOf(char: string): { readonly code: string; readonly shift: boolean } | undefined {
  for (const [code, [plain, shifted]] of Object.entries(US)) {
    if (code.startsWith('Numpad')) continue;
    if (plain === char) return { code, shift: false };
    if (shifted === char) return { code, shift: true };
  }
  return undefined;
}

/** Keys that only modify others: never part of a burst, never held (they pass to the page as they are). */
export function isModifierCode(code: string): boolean {
  return /^(Shift|Control|Alt|Meta|OS)(Left|Right)?$/.test(code) || code === 'CapsLock' || code === 'NumLock' || code === 'AltGraph' || code === 'Fn';
}
