import { describe, expect, it } from 'vitest';
import { isBlockedShortcut } from '../../main/electron/shortcuts.js';

const key = (k: string, mods: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }> = {}) => ({
  key: k,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});

describe('kiosk shortcuts', () => {
  it.each([
    ['F12', key('F12')],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['Cmd+Shift+J', key('j', { meta: true, shift: true })],
    ['Ctrl+R', key('r', { control: true })],
    ['F5', key('F5')],
    ['Ctrl+W', key('w', { control: true })],
    ['Alt+F4', key('F4', { alt: true })],
    ['Ctrl+=', key('=', { control: true })],
    ['Ctrl+-', key('-', { control: true })],
  ])('blocks %s', (_name, input) => expect(isBlockedShortcut(input)).toBe(true));

  it.each([
    ['a digit typed by a keyboard-wedge scanner', key('7')],
    ['Enter', key('Enter')],
    ['Shift+X (an ID check character)', key('X', { shift: true })],
  ])('lets %s through', (_name, input) => expect(isBlockedShortcut(input)).toBe(false));
});
