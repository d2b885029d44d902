/** Drawn rather than typed glyphs: they look the same on every kiosk, whatever fonts it has. */
import type { JSX } from 'preact';

export type IconName = 'check' | 'cross' | 'dash' | 'alert' | 'scan' | 'thermometer' | 'mask';

const paths: Record<IconName, string> = {
  check: 'M22 52 l18 18 l38 -40',
  cross: 'M28 28 L72 72 M72 28 L28 72',
  dash: 'M30 50 H70',
  alert: 'M50 22 V58 M50 74 V78',
  scan: 'M20 36 V20 H36 M64 20 H80 V36 M80 64 V80 H64 M36 80 H20 V64 M32 50 H68',
  thermometer: 'M44 62 V24 a6 6 0 0 1 12 0 V62 a12 12 0 1 1 -12 0 Z M50 44 V70',
  mask: 'M24 40 Q50 30 76 40 V58 Q50 76 24 58 Z M24 44 H14 M76 44 H86 M24 54 H16 M76 54 H84 M36 48 H64',
};

export function Icon({ name, ring = false }: { name: IconName; ring?: boolean }): JSX.Element {
  return (
    <svg class={`icon icon-${name}`} viewBox="0 0 100 100" aria-hidden="true">
      {ring && <circle cx="50" cy="50" r="44" />}
      <path d={paths[name]} />
    </svg>
  );
}
