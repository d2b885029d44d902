/**
 * Renders a JSON Schema (as `z.toJSONSchema` writes it) as one Markdown table row per field: path, type,
 * default, range, unit and description. Objects are walked into, arrays as `path[]`, and a union of
 * objects told apart by a constant field (`kind`) as one row per field every variant shares alike, then one row
 * per variant's own field, marked with that constant. Only the shapes zod emits are handled; anything else is
 * shown by its JSON.
 */
import type { z } from 'zod';

export type JsonSchema = z.core.JSONSchema.JSONSchema;

export interface FieldRow {
  readonly path: string;
  readonly type: string;
  /** The default, or `required` / `optional`. */
  readonly default: string;
  readonly range: string;
  readonly unit: string;
  readonly description: string;
}

export interface WalkOptions {
  /** Paths whose inner fields are not listed (documented elsewhere). */
  readonly stopAt?: ReadonlySet<string>;
  /** Fields left out entirely, by name, at the top level only. */
  readonly omit?: ReadonlySet<string>;
}

const asSchema = (s: unknown): JsonSchema | undefined => (typeof s === 'object' && s !== null && !Array.isArray(s) ? (s as JsonSchema) : undefined);
const code = (text: string): string => `\`${text}\``;
const json = (v: unknown): string => code(JSON.stringify(v));

/**
 * The field that tells a union's variants apart: constant in every variant (`kind`, `protocol`); of several such,
 * the one with the most distinct values, the later one on a tie (a reader's `protocol` rather than its `kind`).
 */
function discriminatorOf(variants: readonly JsonSchema[]): string | undefined {
  const first = variants[0]?.properties;
  if (first === undefined) return undefined;
  const constant = Object.keys(first).filter((name) => variants.every((v) => asSchema(v.properties?.[name])?.const !== undefined));
  const distinct = (name: string): number => new Set(variants.map((v) => JSON.stringify(asSchema(v.properties?.[name])?.const))).size;
  return constant.reduce<string | undefined>((best, name) => (best === undefined || distinct(name) >= distinct(best) ? name : best), undefined);
}

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return json(s.const);
  if (s.enum !== undefined) return s.enum.map((v) => json(v)).join(' \\| ');
  const variants = s.oneOf ?? s.anyOf;
  if (variants !== undefined) {
    const tag = discriminatorOf(variants);
    return tag === undefined
      ? variants.map(typeOf).join(' or ')
      : `object, ${code(tag)} one of ${variants.map((v) => json(asSchema(v.properties?.[tag])?.const)).join(', ')}`;
  }
  if (s.$ref !== undefined) return 'any JSON value';
  if (s.type === 'array') {
    const items = asSchema(s.items);
    return items === undefined ? 'array' : `array of ${typeOf(items)}`;
  }
  if (s.type === 'string' && s.format !== undefined) return `string (${s.format})`;
  if (typeof s.type === 'string') return s.type;
  return 'any JSON value';
}

/** "1–32 characters", "at least 1 item", "at most 64 items". */
function span(min: number | undefined, max: number | undefined, what: string): string | undefined {
  const of = (n: number): string => `${n} ${n === 1 ? what : `${what}s`}`;
  if (min !== undefined && max !== undefined) return min === max ? of(min) : `${min}–${of(max)}`;
  if (min !== undefined) return `at least ${of(min)}`;
  if (max !== undefined) return `at most ${of(max)}`;
  return undefined;
}

function rangeOf(s: JsonSchema): string {
  const parts: (string | undefined)[] = [];
  if (s.type === 'integer' || s.type === 'number') {
    const lo = typeof s.exclusiveMinimum === 'number' ? `> ${s.exclusiveMinimum}` : s.minimum !== undefined ? `${s.minimum}` : undefined;
    const hi = typeof s.exclusiveMaximum === 'number' ? `< ${s.exclusiveMaximum}` : s.maximum !== undefined ? `${s.maximum}` : undefined;
    if (lo !== undefined || hi !== undefined) parts.push(`${lo ?? '…'} … ${hi ?? '…'}`);
  }
  if (s.type === 'string') {
    parts.push(span(s.minLength, s.maxLength, 'character'));
    if (s.pattern !== undefined && s.format === undefined) parts.push(code(s.pattern));
  }
  if (s.type === 'array') parts.push(span(s.minItems, s.maxItems, 'item'));
  return parts.filter((p) => p !== undefined).join(', ');
}

const cell = (text: string): string => text.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');

function rowOf(s: JsonSchema, path: string, required: boolean, qualifier: string): FieldRow {
  return {
    path: code(path),
    type: typeOf(s),
    default: s.default !== undefined ? json(s.default) : required ? 'required' : 'optional',
    range: rangeOf(s),
    unit: typeof s['unit'] === 'string' ? s['unit'] : '',
    description: qualifier + (s.description ?? ''),
  };
}

function fieldsOf(s: JsonSchema, path: string, opts: WalkOptions, qualifier: string): FieldRow[] {
  if (opts.stopAt?.has(path) === true) return [];
  const properties = s.properties;
  if (properties !== undefined) {
    return Object.entries(properties).flatMap(([name, raw]) => {
      const sub = asSchema(raw);
      if (sub === undefined || (path === '' && opts.omit?.has(name) === true)) return [];
      const at = path === '' ? name : `${path}.${name}`;
      return [rowOf(sub, at, s.required?.includes(name) === true, qualifier), ...fieldsOf(sub, at, opts, qualifier)];
    });
  }
  const items = asSchema(s.items);
  if (s.type === 'array' && items !== undefined) return fieldsOf(items, `${path}[]`, opts, qualifier);
  const variants = s.oneOf ?? s.anyOf;
  const tag = variants === undefined ? undefined : discriminatorOf(variants);
  if (variants === undefined || tag === undefined) return [];
  // A field every variant has, alike (schema and whether it is required), is listed once, unqualified.
  const entry = (v: JsonSchema, name: string): string => JSON.stringify([v.properties?.[name], v.required?.includes(name) === true]);
  const shared = Object.keys(variants[0]?.properties ?? {}).filter((name) => name !== tag && variants.every((v) => name in (v.properties ?? {}) && entry(v, name) === entry(variants[0] ?? {}, name)));
  const only = (v: JsonSchema, keep: (name: string) => boolean): JsonSchema => ({ ...v, properties: Object.fromEntries(Object.entries(v.properties ?? {}).filter(([name]) => keep(name))) });
  return [
    ...fieldsOf(only(variants[0] ?? {}, (name) => shared.includes(name)), path, opts, qualifier),
    ...variants.flatMap((v) => {
      const constant = asSchema(v.properties?.[tag])?.const;
      return fieldsOf(only(v, (name) => name !== tag && !shared.includes(name)), path, opts, `${qualifier}With ${code(`${tag}: ${JSON.stringify(constant)}`)}: `);
    }),
  ];
}

/** Every field of `schema` below `path` (the top level when empty), in declaration order. */
export function fieldRows(schema: JsonSchema, path = '', opts: WalkOptions = {}): FieldRow[] {
  return fieldsOf(schema, path, opts, '');
}

/** The rows as a GitHub-flavoured Markdown table. */
export function fieldTable(rows: readonly FieldRow[]): string {
  const header = '| field | type | default | range | unit | description |\n|---|---|---|---|---|---|';
  const lines = rows.map((r) => `| ${[r.path, r.type, r.default, r.range, r.unit, r.description].map(cell).join(' | ')} |`);
  return [header, ...lines].join('\n');
}
