/**
 * The JSON Schemas generated from the zod schemas, as the files and docs show them. Draft-07, which
 * every common editor's JSON support understands. Config, policy and notice are described on the input side
 * (what a person writes: defaulted fields optional, defaults shown); IPC payloads on the side that is
 * sent, so a client sees inputs as it must write them and outputs as it will receive them.
 */
import { z } from 'zod';
import { configSchema } from '../../src/config/schema.js';
import { noticeSchema } from '../../src/notices/schema.js';
import { policySchema } from '../../src/policy/schema.js';
import { WIRE_VERSION } from '../../src/uplink/wire.js';
import type { JsonSchema } from './field-table.js';

export const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => z.toJSONSchema(schema, { target: 'draft-7', io });

export const configJsonSchema = (): JsonSchema => toJsonSchema(configSchema, 'input');
export const policyJsonSchema = (): JsonSchema => toJsonSchema(policySchema, 'input');
export const noticeJsonSchema = (): JsonSchema => toJsonSchema(noticeSchema, 'input');

/** A schema file's text: two-space JSON with a final newline. */
export const schemaFileText = (schema: JsonSchema): string => `${JSON.stringify(schema, null, 2)}\n`;

/**
 * One wire message kind's schema (src/uplink/wire.ts) as a platform validates what it receives: the output
 * side (what the gate sends), with an `$id` naming its file and the wire version.
 */
export const wireJsonSchema = (file: string, schema: z.ZodType): JsonSchema => ({
  $id: `https://gate-terminal.invalid/uplink/v${WIRE_VERSION}/${file}`,
  ...toJsonSchema(schema, 'output'),
});
