import { describe, expect, it } from 'vitest';
import { decodeHoneywellCommand, HONEYWELL_COMMANDS, splitAimPrefix } from '../../drivers/scanner/line/codec.js';
import { hex, toHex } from './support.js';

describe('line scanner codec (docs/devices/line.md §2, §3)', () => {
  it('has the Honeywell serial commands: trigger 16 54 0D, untrigger 16 55 0D, beep 16 07 0D', () => {
    expect(toHex(HONEYWELL_COMMANDS.trigger)).toBe('16 54 0D');
    expect(toHex(HONEYWELL_COMMANDS.untrigger)).toBe('16 55 0D');
    expect(toHex(HONEYWELL_COMMANDS.beep)).toBe('16 07 0D');
    expect(decodeHoneywellCommand(hex('16 54 0D'))).toBe('trigger');
    expect(decodeHoneywellCommand(hex('16 07 0D'))).toBe('beep');
    expect(decodeHoneywellCommand(hex('16 4D 0D'))).toBeUndefined(); // a menu command, not one of these
    expect(decodeHoneywellCommand(hex('16 54'))).toBeUndefined();
  });

  it.each([
    [']Q1HC1:XYZ', 'HC1:XYZ', ']Q1'],
    [']E09787111111112', '9787111111112', ']E0'],
    [']d2010123', '010123', ']d2'],
    [']Z6menu', 'menu', ']Z6'],
  ])('takes the AIM prefix off %s', (line, text, symbology) => {
    expect(splitAimPrefix(line)).toEqual({ text, symbology });
  });

  it.each(['110101199003074514', ']Q', '] Q1x', ']1Q1', ']Q-x', ''])('leaves %j as it is: no valid prefix', (line) => {
    expect(splitAimPrefix(line)).toEqual({ text: line });
  });
});
