/**
 * Every generated reference file, as text, by its path in the repository. `npm run docs` writes them
 * (write.ts); the docs test regenerates them in memory and fails when a committed file differs.
 */
import { bridgeDoc } from './bridge-doc.js';
import { configDoc } from './config-doc.js';
import { shippedCatalogue } from '../notices/load.js';
import { configJsonSchema, noticeJsonSchema, policyJsonSchema, schemaFileText, wireJsonSchema } from './json-schemas.js';
import { noticesDoc } from './notices-doc.js';
import { policyDoc } from './policy-doc.js';
import { WIRE_SCHEMAS } from '../../src/uplink/wire.js';

export interface GeneratedFile {
  /** Relative to the repository root, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export function generatedFiles(): GeneratedFile[] {
  const config = configJsonSchema();
  const policy = policyJsonSchema();
  const notice = noticeJsonSchema();
  return [
    { path: 'resources/config/config.schema.json', text: schemaFileText(config) },
    { path: 'resources/policy/policy.schema.json', text: schemaFileText(policy) },
    { path: 'docs/config.md', text: configDoc(config) },
    { path: 'docs/policy.md', text: policyDoc(policy) },
    { path: 'resources/notices/notice.schema.json', text: schemaFileText(notice) },
    { path: 'docs/notices.md', text: noticesDoc(notice, shippedCatalogue()) },
    { path: 'docs/bridge.md', text: bridgeDoc() },
    ...Object.entries(WIRE_SCHEMAS).map(([name, schema]) => ({ path: `resources/uplink/${name}`, text: schemaFileText(wireJsonSchema(name, schema)) })),
  ];
}
