import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseConfig, type GateConfig } from '../../src/config/schema.js';
import type { UplinkTransportConfig } from '../../src/config/uplink.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { resourcePath } from '../resources.js';

/** The config with every path made absolute. */
export interface ResolvedConfig extends GateConfig {
  readonly dataDir: string;
  readonly policyFile: string;
  /** Where the config came from, for the logs. */
  readonly source: string;
}

export const DEFAULT_CONFIG_FILE = resourcePath('config', 'default.json');

/**
 * Reads and validates a config file. Relative paths inside it are relative to the file's folder; without `dataDir`, `./data` under the working directory.
 * `env` overrides: GATE_DATA_DIR for the journal folder (the quick start and tests use it).
 */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Result<ResolvedConfig, Failure[]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return err([failure('config.unreadable', `${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err([failure('config.json', `${file}: not JSON: ${(e as Error).message}`)]);
  }
  const parsed = parseConfig(json);
  if (!parsed.ok) return err(parsed.error.map((f) => ({ ...f, message: `${file}: ${f.message}` })));
  const base = dirname(resolve(file));
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  const envDataDir = env['GATE_DATA_DIR'];
  const { uplink } = parsed.value;
  return ok({
    ...parsed.value,
    ...(uplink === undefined ? {} : { uplink: { ...uplink, transport: withAbsoluteFiles(uplink.transport, abs) } }),
    dataDir: envDataDir !== undefined && envDataDir !== '' ? resolve(envDataDir) : parsed.value.dataDir !== undefined ? abs(parsed.value.dataDir) : resolve('data'),
    policyFile: parsed.value.policyFile !== undefined ? abs(parsed.value.policyFile) : resourcePath('policy', 'demo.json'),
    source: resolve(file),
  });
}

/** The uplink transport's credential and CA files, made absolute (relative to the config file, like every path in it). */
function withAbsoluteFiles(t: UplinkTransportConfig, abs: (p: string) => string): UplinkTransportConfig {
  const files = ['caFile', 'tokenFile', 'certFile', 'keyFile', 'passwordFile'] as const;
  const resolved: Record<string, string> = {};
  for (const f of files) {
    const p = (t as Partial<Record<(typeof files)[number], string>>)[f];
    if (p !== undefined) resolved[f] = abs(p);
  }
  return { ...t, ...resolved };
}
