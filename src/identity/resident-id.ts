/**
 * Mainland resident ID numbers, GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence,
 * ISO 7064 MOD 11-2 check character (docs/devices.md §3.4, vectors recomputed there).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits, or undefined if they are not 17 ASCII digits. */
export function mod112CheckChar(first17: string): string | undefined {
  if (!/^[0-9]{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11];
}

/** Uppercases a trailing `x` and checks the check character; the birth date must be a real date (1801–2099; the standard's own vectors include 1880). */
export function normaliseResidentId(text: string): string | undefined {
  const id = text.trim().toUpperCase();
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return undefined;
  if (mod112CheckChar(id.slice(0, 17)) !== id[17]) return undefined;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y <= 1800 || y >= 2100 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return id;
}

/** The display form: region's first four digits and the last four, the rest starred (`4201**********1234`). */
export function maskResidentId(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(Math.max(0, id.length - 8))}${id.slice(-4)}`;
}
