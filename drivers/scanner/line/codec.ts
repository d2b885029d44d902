/**
 * What a serial-emulation scanner adds around a code, and the commands the gate may send it
 * (docs/devices/line.md §2, §3).
 *
 * AIM symbology identifier (ISO/IEC 15424), a prefix the scanner may put before each code: `]`, a code
 * character (`A`–`Z`, `a`–`z`: `Q` QR Code, `E` EAN/UPC, `C` Code 128, `d` Data Matrix …) and one modifier
 * character (`0`–`9`, `A`–`Z`, `a`–`z`: `]Q1` a plain QR code, `]Q3` GS1 QR) (docs/devices/line.md §2).
 *
 * Honeywell serial commands, host → scanner, 3 bytes each (docs/devices/line.md §3):
 * | command   | bytes      | meaning                                       |
 * |-----------|------------|-----------------------------------------------|
 * | trigger   | `16 54 0D` | [SYN] T [CR]: start reading (serial trigger)  |
 * | untrigger | `16 55 0D` | [SYN] U [CR]: stop reading                    |
 * | beep      | `16 07 0D` | [SYN] [BEL] [CR]: sound the good-read beep    |
 */
const SYN = 0x16;
const CR = 0x0d;

export const HONEYWELL_COMMANDS = {
  trigger: Uint8Array.of(SYN, 0x54, CR),
  untrigger: Uint8Array.of(SYN, 0x55, CR),
  beep: Uint8Array.of(SYN, 0x07, CR),
} as const;
export type HoneywellCommand = keyof typeof HONEYWELL_COMMANDS;

/** The Honeywell command of 3 bytes, or undefined for anything else. */
export function decodeHoneywellCommand(bytes: Uint8Array): HoneywellCommand | undefined {
  return (Object.keys(HONEYWELL_COMMANDS) as HoneywellCommand[]).find((name) => {
    const c = HONEYWELL_COMMANDS[name];
    return bytes.length === 3 && bytes[0] === c[0] && bytes[1] === c[1] && bytes[2] === c[2];
  });
}

const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

/** A code with its AIM prefix taken off (`symbology`: the prefix, e.g. `]Q1`), or as it was when it has none. */
export function splitAimPrefix(line: string): { readonly text: string; readonly symbology?: string } {
  const prefix = AIM_PREFIX.exec(line)?.[0];
  return prefix === undefined ? { text: line } : { text: line.slice(prefix.length), symbology: prefix };
}
