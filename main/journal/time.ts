import { z } from 'zod';

const isoInstant = z.iso.datetime({ offset: true });

/**
 * An ISO 8601 instant ("…Z" or "…+08:00") in the journal's stored form: UTC with exactly three
 * fraction digits, "2024-05-01T02:00:00.000Z", so that string order is time order. Digits beyond
 * milliseconds are truncated. Undefined when `iso` is not an instant or falls outside years 0000–9999.
 */
export function storedInstant(iso: string): string | undefined {
  if (!isoInstant.safeParse(iso).success) return undefined;
  const stored = new Date(Date.parse(iso)).toISOString();
  return /^\d{4}-/.test(stored) ? stored : undefined;
}

/**
 * The smallest stored instant at or after `iso`: {@link storedInstant}, plus one millisecond when `iso`
 * has non-zero digits below the millisecond (so `at >= bound` means "not before `iso`").
 */
export function lowerBound(iso: string): string | undefined {
  const stored = storedInstant(iso);
  if (stored === undefined || !/\.\d{3}\d*[1-9]/.test(iso)) return stored;
  return storedInstant(new Date(Date.parse(stored) + 1).toISOString());
}
