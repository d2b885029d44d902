/**
 * `gate bundle verify`: reads one bundle as a gate would (jws.ts readBundle), against the keys of a gate
 * config or one public key given its kinds, then checks its body's format (body-format.ts; a district-key
 * body's two lists are read like bundles too, with the same keys).
 *
 *   gate bundle verify --file F (--config FILE | --public KEY.public.json --kinds KIND[,KIND…])
 *
 * Prints the summary line `{"kind","version","issuedAt","kid","sha256"}` (with `hashedUnder` or `gate` where
 * the kind has one), exit 0; or the refusal `code: reason` on stderr, exit 1. Whether the version is newer
 * than the one in force, and the district key it is hashed under, only the gate itself knows (`gate bundle apply`).
 */
import { z } from 'zod';
import { districtKeyBody } from '../../src/bundles/district-key.js';
import { KEY_SCOPES } from '../../src/bundles/kinds.js';
import { bundleKey } from '../../src/config/bundles.js';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { issueLines } from '../../src/zod-issues.js';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, failWith, print, withUsage } from '../cli/command.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load.js';
import { bodyFormatFailures } from './body-format.js';
import { readJson, readText, stringOptions, summaryOf, usageError } from './cli-io.js';
import { publicKeyFile } from './cli-keys.js';
import { type TrustedKey, type VerifiedBundle, readBundle, trustedKeys } from './jws.js';

const VERIFY_USAGE = `  gate bundle verify --file F (--config FILE | --public KEY.public.json --kinds ${KEY_SCOPES.join('|')}[,…])`;

const scopes = z.array(z.enum(KEY_SCOPES)).min(1);

/** The keys to verify with, or the exit code after saying why there are none. */
function keysOf(o: { config?: string; public?: string; kinds?: string }): TrustedKey[] | number {
  if ((o.config === undefined) === (o.public === undefined)) return usageError('give exactly one of --config FILE and --public KEY.public.json', VERIFY_USAGE);
  if (o.public === undefined) {
    if (o.kinds !== undefined) return usageError('--kinds goes with --public (a config names each key’s kinds)', VERIFY_USAGE);
    const config = loadConfig(o.config ?? DEFAULT_CONFIG_FILE);
    if (!config.ok) return failWith(EXIT_USAGE, config.error);
    if (config.value.bundles === undefined) return failWith(EXIT_USAGE, [failure('bundle.no-keys', `${o.config ?? ''}: no \`bundles.keys\`: this gate trusts no bundle`)]);
    return trustedKeys(config.value.bundles.keys);
  }
  const kinds = scopes.safeParse(o.kinds?.split(',') ?? []);
  if (!kinds.success) return usageError(`--kinds: ${issueLines(kinds.error, 'a list').join('; ')}`, VERIFY_USAGE);
  const key = readJson(o.public, 'bundle.key-file', publicKeyFile);
  if (!key.ok) return failWith(EXIT_FAILURE, [key.error]);
  const entry = bundleKey.safeParse({ ...key.value, kinds: kinds.data });
  if (!entry.success) return usageError(`--kinds: ${issueLines(entry.error).join('; ')}`, VERIFY_USAGE);
  return trustedKeys([entry.data]);
}

/** The body's format, and for a district key its two lists read as bundles with `keys`. */
function checkBody(bundle: VerifiedBundle, keys: readonly TrustedKey[]): Failure[] {
  const { kind, body } = bundle.claims;
  const format = bodyFormatFailures(kind, body);
  if (format.length > 0 || kind !== 'district-key') return format;
  const lists = districtKeyBody.parse(body);
  return (['residents', 'quarantine'] as const).flatMap((list) => {
    const inner = readBundle(lists[list], keys);
    return inner.ok ? [] : [failure(inner.error.code, `body.${list}: ${inner.error.message}`)];
  });
}

function verify(file: string, keys: readonly TrustedKey[]): Result<VerifiedBundle, Failure[]> {
  const text = readText(file, 'bundle.unreadable');
  if (!text.ok) return err([text.error]);
  const bundle = readBundle(text.value, keys);
  if (!bundle.ok) return err([bundle.error]);
  const body = checkBody(bundle.value, keys);
  return body.length > 0 ? err(body) : ok(bundle.value);
}

export const verifySubcommand: CliCommand = {
  name: 'verify',
  usage: VERIFY_USAGE,
  run: (args) =>
    withUsage(VERIFY_USAGE, () => {
      const o = stringOptions(args, ['file', 'config', 'public', 'kinds']);
      if (o.file === undefined) return usageError('--file F is required', VERIFY_USAGE);
      const keys = keysOf(o);
      if (typeof keys === 'number') return keys;
      const bundle = verify(o.file, keys);
      if (!bundle.ok) return failWith(EXIT_FAILURE, bundle.error);
      print(summaryOf(bundle.value));
      return EXIT_OK;
    }),
};
