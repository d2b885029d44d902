/** The config schema's new and documented behaviour: `session.preIdentityMs`, `$schema`, paths and GATE_DATA_DIR. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/schema.js';
import { loadConfig } from '../../main/config/load.js';

const sim = { device: { kind: 'simulated' } };
const minimal = { lanes: [{ id: 'l1', direction: 'entry', thermometer: sim, scanner: sim, relay: sim }] };
const messages = (json: unknown): string[] => {
  const r = parseConfig(json);
  return r.ok ? [] : r.error.map((f) => f.message);
};

describe('session.preIdentityMs', () => {
  it('defaults to 5000 ms, with or without a session object', () => {
    const bare = parseConfig(minimal);
    const partial = parseConfig({ ...minimal, session: { stepTimeoutMs: 15_000 } });
    expect(bare.ok && bare.value.session.preIdentityMs).toBe(5000);
    expect(partial.ok && partial.value.session.preIdentityMs).toBe(5000);
  });

  it('takes 0 … 30000 integer ms and names anything else', () => {
    for (const ms of [0, 30_000]) expect(messages({ ...minimal, session: { preIdentityMs: ms } })).toEqual([]);
    for (const ms of [-1, 30_001, 1.5, '5000']) expect(messages({ ...minimal, session: { preIdentityMs: ms } })).toEqual([expect.stringMatching(/^session\.preIdentityMs: /)]);
  });
});

describe('$schema', () => {
  it('may name the JSON Schema; the gate ignores it', () => {
    expect(messages({ $schema: './config.schema.json', ...minimal })).toEqual([]);
  });

  it('must be a non-empty string', () => {
    expect(messages({ $schema: 7, ...minimal })).toEqual([expect.stringMatching(/^\$schema: /)]);
    expect(messages({ $schema: '', ...minimal })).toEqual([expect.stringMatching(/^\$schema: /)]);
  });
});

describe('paths, as docs/config.md states them', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gate-config-'));
    file = join(dir, 'gate.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('dataDir and policyFile are relative to the config file’s folder', () => {
    writeFileSync(file, JSON.stringify({ ...minimal, dataDir: 'journal', policyFile: 'rules/p.json' }));
    expect(loadConfig(file, {})).toMatchObject({ ok: true, value: { dataDir: join(dir, 'journal'), policyFile: join(dir, 'rules', 'p.json') } });
  });

  it('a non-empty GATE_DATA_DIR overrides dataDir; an empty one does not', () => {
    writeFileSync(file, JSON.stringify({ ...minimal, dataDir: 'journal' }));
    expect(loadConfig(file, { GATE_DATA_DIR: join(dir, 'elsewhere') })).toMatchObject({ ok: true, value: { dataDir: join(dir, 'elsewhere') } });
    expect(loadConfig(file, { GATE_DATA_DIR: '' })).toMatchObject({ ok: true, value: { dataDir: join(dir, 'journal') } });
  });
});
