/**
 * The reference files are generated from the schemas (`npm run docs`): regenerated here in memory, they
 * must equal what is committed, so the docs cannot go stale. And what they show must be true: every field
 * documented, the example configs and frames valid.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, parseConfig } from '../../src/config/schema.js';
import { invokeChannels } from '../../src/ipc/contract.js';
import { clientMessage, serverMessage } from '../../src/ipc/wire.js';
import { EXAMPLE_FRAMES } from '../../main/docs/bridge-doc.js';
import { SERIAL_EXAMPLE, SIMULATED_LANE, TWO_READERS } from '../../main/docs/config-doc.js';
import type { JsonSchema } from '../../main/docs/field-table.js';
import { generatedFiles } from '../../main/docs/generate.js';
import { configJsonSchema, policyJsonSchema } from '../../main/docs/json-schemas.js';
import { APP_ROOT } from '../../main/resources.js';

const committed = (path: string): string => {
  try {
    return readFileSync(join(APP_ROOT, path), 'utf8');
  } catch {
    return `(${path} is missing)`;
  }
};

describe('generated reference files', () => {
  it.each(generatedFiles().map((f) => [f.path, f.text] as const))('%s is what `npm run docs` writes', (path, text) => {
    expect(committed(path), `${path} is stale: run npm run docs and commit the result`).toBe(text);
  });
});

/** Every property below `schema`, with its path (`prefix` ends in "." below the top). */
function properties(schema: JsonSchema, path = ''): [string, JsonSchema][] {
  const own = Object.entries(schema.properties ?? {}).flatMap(([name, sub]): [string, JsonSchema][] =>
    typeof sub === 'object' ? [[`${path}${name}`, sub], ...properties(sub, `${path}${name}.`)] : [],
  );
  const items = typeof schema.items === 'object' && !Array.isArray(schema.items) ? properties(schema.items, path.replace(/\.?$/, '[].')) : [];
  const variants = (schema.oneOf ?? schema.anyOf ?? []).flatMap((v) => properties(v, path));
  return [...own, ...items, ...variants];
}

describe.each([
  ['config', configJsonSchema()],
  ['policy', policyJsonSchema()],
])('the %s schema documents itself', (_name, schema) => {
  const fields = properties(schema).filter(([path]) => !/(^|\.)kind$/.test(path));

  it('has a description on every field', () => {
    expect(fields.length).toBeGreaterThan(20);
    expect(fields.filter(([, s]) => (s.description ?? '') === '').map(([path]) => path)).toEqual([]);
  });

  it('states every bounded number’s range in words', () => {
    const bounded = fields.filter(([, s]) => (s.type === 'integer' || s.type === 'number') && s.minimum !== undefined && s.maximum !== undefined);
    expect(bounded.length).toBeGreaterThan(5);
    expect(bounded.filter(([, s]) => !(s.description ?? '').includes(`From ${s.minimum} to ${s.maximum}`)).map(([path]) => path)).toEqual([]);
  });
});

describe('docs/config.md examples', () => {
  it('the serial example and the simulated lane are valid configs', () => {
    expect(parseConfig(SERIAL_EXAMPLE)).toMatchObject({ ok: true });
    expect(parseConfig({ lanes: [SIMULATED_LANE] })).toMatchObject({ ok: true });
    const twoReaders = parseConfig({ lanes: [{ ...SIMULATED_LANE, readers: TWO_READERS }] });
    expect(twoReaders.ok && twoReaders.value.lanes[0]?.readers.map((r) => r.id)).toEqual(['qr', 'scanner-2']);
  });

  it('the shipped default config names its JSON Schema, which sits beside it', () => {
    const defaults = JSON.parse(committed('resources/config/default.json')) as Record<string, unknown>;
    expect(defaults['$schema']).toBe('./config.schema.json');
    expect(parseConfig(defaults)).toMatchObject({ ok: true });
    expect(JSON.parse(committed('resources/config/config.schema.json'))).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' });
  });

  it('marks fields with defaults optional and shows the defaults, as a person writes the file', () => {
    const schema = configJsonSchema();
    expect(schema.required).toEqual(['lanes']);
    expect(schema.properties?.['session']).toMatchObject({ properties: { preIdentityMs: { default: 5000, minimum: 0, maximum: 30_000, unit: 'ms' } } });
    expect(Object.keys(configSchema.shape)).toEqual(Object.keys(schema.properties ?? {}));
  });
});

describe('docs/bridge.md frames', () => {
  it('the invoke example is a valid frame with a valid input, and its result a valid reply', () => {
    const invoke = clientMessage.parse(EXAMPLE_FRAMES.invoke);
    expect(invoke.t === 'invoke' && invokeChannels['gate:declare-mask'].input.safeParse(invoke.input).success).toBe(true);
    const result = serverMessage.parse(EXAMPLE_FRAMES.result);
    expect(result.t === 'result' && result.result.ok && invokeChannels['gate:declare-mask'].output.safeParse(result.result.value).success).toBe(true);
  });

  it('the failure and event examples are valid server frames', () => {
    expect(serverMessage.safeParse(EXAMPLE_FRAMES.failure).success).toBe(true);
    expect(serverMessage.safeParse(EXAMPLE_FRAMES.event).success).toBe(true);
  });

  it('the heartbeat example is a valid frame both ways', () => {
    expect(clientMessage.parse(EXAMPLE_FRAMES.beat)).toEqual({ t: 'beat' });
    expect(serverMessage.parse(EXAMPLE_FRAMES.beat)).toEqual({ t: 'beat' });
  });
});
