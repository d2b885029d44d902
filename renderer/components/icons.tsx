/** Drawn rather than typed glyphs: they look the same on every kiosk, whatever fonts it has. */
import type { JSX } from 'preact';

export type IconName = 'check' | 'cross' | 'dash' | 'alert' | 'scan' | 'thermometer' | 'mask' | 'qr' | 'route' | 'clock';

const paths: Record<IconName, string> = {
  check: 'M22 52 l18 18 l38 -40',
  cross: 'M28 28 L72 72 M72 28 L28 72',
  dash: 'M30 50 H70',
  alert: 'M50 22 V58 M50 74 V78',
  scan: 'M20 36 V20 H36 M64 20 H80 V36 M80 64 V80 H64 M36 80 H20 V64 M32 50 H68',
  thermometer: 'M44 62 V24 a6 6 0 0 1 12 0 V62 a12 12 0 1 1 -12 0 Z M50 44 V70',
  mask: 'M24 40 Q50 30 76 40 V58 Q50 76 24 58 Z M24 44 H14 M76 44 H86 M24 54 H16 M76 54 H84 M36 48 H64',
  qr: 'M20 20 H42 V42 H20 Z M58 20 H80 V42 H58 Z M20 58 H42 V80 H20 Z M58 58 H66 M80 58 V66 M58 72 V80 H80 M70 66 V72',
  route: 'M30 78 a8 8 0 1 0 0.01 0 M30 70 V60 Q30 50 40 50 H60 Q70 50 70 40 V34 M70 14 C58 14 56 24 56 28 C56 36 70 46 70 46 C70 46 84 36 84 28 C84 24 82 14 70 14 Z',
  clock: 'M18 50 a32 32 0 1 0 64 0 a32 32 0 1 0 -64 0 M50 30 V50 L64 60',
};

export function Icon({ name, ring = false }: { name: IconName; ring?: boolean }): JSX.Element {
  return (
    <svg class={`icon icon-${name}`} viewBox="0 0 100 100" aria-hidden="true">
      {ring && <circle cx="50" cy="50" r="44" />}
      <path d={paths[name]} />
    </svg>
  );
}
