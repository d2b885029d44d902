import type { Input } from 'electron';

/** Shortcuts a person at the gate must not be able to use (checklist: docs/reliability.md §5.1). */
export function isBlockedShortcut(input: Pick<Input, 'key' | 'control' | 'meta' | 'alt' | 'shift'>): boolean {
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (key === 'f12' || key === 'f5' || key === 'f11') return true;
  if (input.alt && key === 'f4') return true;
  if (mod && input.shift && (key === 'i' || key === 'j' || key === 'c')) return true;
  return mod && ['r', 'w', 'q', 'n', 't', 'p', 's', 'o', '+', '-', '=', '0'].includes(key);
}
