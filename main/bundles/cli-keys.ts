/**
 * `gate bundle keygen` (the platform's signing key) and `gate bundle gate-key` (this gate's sealing key).
 *
 *   gate bundle keygen --kid KID --out DIR
 *     writes DIR/<kid>.secret.jwk.json (the Ed25519 private JWK with its kid, mode 0600: keep it on the
 *     platform's signing machine) and DIR/<kid>.public.json (`{"kid", "publicKey": "<43 base64url>"}`: a config
 *     `bundles.keys[]` entry but for its `kinds`). Refuses to overwrite either.
 *
 *   gate bundle gate-key [--config FILE]
 *     prints `{"gateKey", "kid"}`, this gate's X25519 public key (gate-key.ts), creating the pair if there is none:
 *     the platform seals district keys to it (`gate bundle sign --kind district-key --gate-key FILE`).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { keyId } from '../../src/bundles/envelope.js';
import { failure } from '../../src/result.js';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, failWith, journalFileOf, print, withUsage } from '../cli/command.js';
import { ed25519PrivateJwk } from '../journal/device-key.js';
import { secureDataDir } from '../keys.js';
import { stringOptions, usageError } from './cli-io.js';
import { loadOrCreateGateKey } from './gate-key.js';

/** `<kid>.secret.jwk.json`: what `gate bundle sign --key` reads. */
export const signingKeyFile = ed25519PrivateJwk.extend({ kid: keyId });
/** `<kid>.public.json`: a config `bundles.keys[]` entry without its `kinds`. */
export const publicKeyFile = z.strictObject({ kid: keyId, publicKey: ed25519PrivateJwk.shape.x });

/** A kid that also names files: letters, digits, `.`, `_`, `-`, not starting with a dot. */
const FILE_SAFE_KID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

const KEYGEN_USAGE = '  gate bundle keygen --kid KID --out DIR';

export const keygenSubcommand: CliCommand = {
  name: 'keygen',
  usage: KEYGEN_USAGE,
  run: (args) =>
    withUsage(KEYGEN_USAGE, () => {
      const { kid, out } = stringOptions(args, ['kid', 'out']);
      if (kid === undefined || out === undefined) return usageError('--kid KID and --out DIR are required', KEYGEN_USAGE);
      if (!FILE_SAFE_KID.test(kid)) return usageError('--kid must be 1–128 of A-Z a-z 0-9 . _ - not starting with "." (it names the key files)', KEYGEN_USAGE);
      const secret = ed25519PrivateJwk.parse(generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }));
      const secretFile = join(out, `${kid}.secret.jwk.json`);
      const publicFile = join(out, `${kid}.public.json`);
      const entry = { kid, publicKey: secret.x };
      try {
        mkdirSync(out, { recursive: true, mode: 0o700 });
        writeFileSync(secretFile, `${JSON.stringify({ kty: secret.kty, crv: secret.crv, x: secret.x, d: secret.d, kid }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
        writeFileSync(publicFile, `${JSON.stringify(entry, null, 2)}\n`, { mode: 0o644, flag: 'wx' });
      } catch (e) {
        return failWith(EXIT_FAILURE, [failure('keygen.write', `${(e as Error).message} (existing keys are never overwritten)`)]);
      }
      print(`secret key (keep it where bundles are signed, never on a gate): ${secretFile}`);
      print(`public key: ${publicFile}`);
      print(`gate config bundles.keys[]: ${JSON.stringify({ ...entry, kinds: ['…'] })}`);
      return EXIT_OK;
    }),
};

const GATE_KEY_USAGE = '  gate bundle gate-key [--config FILE]';

export const gateKeySubcommand: CliCommand = {
  name: 'gate-key',
  usage: GATE_KEY_USAGE,
  run: (args) =>
    withUsage(GATE_KEY_USAGE, () => {
      const { config } = stringOptions(args, ['config']);
      const journal = journalFileOf(config);
      if (!journal.ok) return failWith(EXIT_USAGE, journal.error);
      const dataDir = dirname(journal.value);
      const dir = secureDataDir(dataDir);
      if (!dir.ok) return failWith(EXIT_FAILURE, [dir.error]);
      const key = loadOrCreateGateKey(dataDir);
      if (!key.ok) return failWith(EXIT_FAILURE, [key.error]);
      print(JSON.stringify(key.value.publicKey));
      return EXIT_OK;
    }),
};
