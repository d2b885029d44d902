/**
 * Documentation a schema carries into its JSON Schema (`z.toJSONSchema`): the shipped `*.schema.json`
 * files, an editor's hover text and the tables in docs/ all come from the one definition. A number's
 * description ends with its range and unit in words, read from the schema's own bounds, so the words
 * cannot drift from the check; the unit also travels as the `unit` keyword (an annotation JSON Schema
 * validators ignore) for the docs' unit column.
 */
import type { z } from 'zod';

export const UNITS = {
  ms: 'milliseconds',
  min: 'minutes',
  h: 'hours',
  days: 'days',
  Hz: 'readings a second',
  'bit/s': 'bits a second',
  '°C': '°C',
  MB: 'megabytes (MiB)',
} as const;
export type Unit = keyof typeof UNITS;

type Bounded = z.ZodType & { readonly minValue: number | null; readonly maxValue: number | null };

const bound = (n: number | null): string | undefined => (n === null || !Number.isFinite(n) || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : String(n));

/** "From 2000 to 300000 milliseconds." for a schema bounded at both ends; what bounds it has otherwise. */
export function rangeInWords(schema: Bounded, unit?: Unit): string {
  const [min, max] = [bound(schema.minValue), bound(schema.maxValue)];
  const words = unit === undefined ? '' : ` ${UNITS[unit]}`;
  if (min !== undefined && max !== undefined) return `From ${min} to ${max}${words}.`;
  if (min !== undefined) return `At least ${min}${words}.`;
  if (max !== undefined) return `At most ${max}${words}.`;
  return unit === undefined ? '' : `In ${UNITS[unit]}.`;
}

/** A number with its meaning, unit and range: `quantity(z.int().min(1).max(9), 'Hz', 'Query rate.')`. */
export function quantity<T extends Bounded>(schema: T, unit: Unit | undefined, description: string): T {
  const text = `${description} ${rangeInWords(schema, unit)}`.trim();
  return schema.meta(unit === undefined ? { description: text } : { description: text, unit });
}
