/**
 * The health authority's side of sealed registrations (resources/registers/README.md):
 *
 *   gate authority-keygen --out DIR
 *     writes DIR/authority.secret.jwk.json (mode 0600: the X25519 private JWK plus its kid; keep it at the
 *     authority, never on a gate) and DIR/authority.public.json (`{"authorityPublicKey": "<base64url>",
 *     "kid": …}`: the value for the gate config's `authorityPublicKey`). Refuses to overwrite either file.
 *
 *   gate unseal --secret-key FILE [--config FILE] [--since ISO]
 *     reads the journal read-only and prints one JSON object per sealed registration at or after
 *     `since`, oldest first: `{"at":…,"authorityKid":…,"id":…,"record":{…}}`. Registrations sealed to another
 *     key are counted on stderr and skipped; exit 1 if one sealed to this key does not open (edited).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalize } from 'json-canonicalize';
import { z } from 'zod';
import { failure } from '../../src/result.js';
import { openJournalDb } from '../journal/db.js';
import { attempt } from '../journal/errors.js';
import { lowerBound } from '../journal/time.js';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, complain, failWith, journalFileOf, print, withUsage } from '../cli/command.js';
import { type X25519PrivateJwk, x25519PrivateJwk, x25519Thumbprint } from '../hpke.js';
import { openRegistration } from './seal.js';

export const SECRET_KEY_FILE = 'authority.secret.jwk.json';
export const PUBLIC_KEY_FILE = 'authority.public.json';

const KEYGEN_USAGE = '  gate authority-keygen --out DIR';
const UNSEAL_USAGE = '  gate unseal --secret-key FILE [--config FILE] [--since ISO-8601]';

export const authorityKeygenCommand: CliCommand = {
  name: 'authority-keygen',
  usage: KEYGEN_USAGE,
  run: (args) =>
    withUsage(KEYGEN_USAGE, async () => {
      const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
      if (values.out === undefined) return failWith(EXIT_USAGE, [failure('usage', `--out DIR is required\nusage:\n${KEYGEN_USAGE}`)]);
      const jwk = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' });
      const secret = x25519PrivateJwk.parse(jwk);
      const kid = x25519Thumbprint(secret.x);
      const secretFile = join(values.out, SECRET_KEY_FILE);
      const publicFile = join(values.out, PUBLIC_KEY_FILE);
      try {
        mkdirSync(values.out, { recursive: true, mode: 0o700 });
        writeFileSync(secretFile, `${JSON.stringify({ kty: 'OKP', crv: 'X25519', x: secret.x, d: secret.d, kid }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
        writeFileSync(publicFile, `${JSON.stringify({ authorityPublicKey: secret.x, kid }, null, 2)}\n`, { mode: 0o644, flag: 'wx' });
      } catch (e) {
        return failWith(EXIT_FAILURE, [failure('keygen.write', `${(e as Error).message} (existing keys are never overwritten)`)]);
      }
      print(`secret key (keep at the authority, never on a gate): ${secretFile}`);
      print(`public key: ${publicFile}`);
      print(`gate config: "authorityPublicKey": "${secret.x}"`);
      return EXIT_OK;
    }),
};

const sealedRow = z.strictObject({ id: z.string(), at: z.string(), authority_kid: z.string(), enc: z.instanceof(Uint8Array), ciphertext: z.instanceof(Uint8Array) });

function readSecretKey(file: string): X25519PrivateJwk | string {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return `${file}: ${(e as Error).message}`;
  }
  const parsed = x25519PrivateJwk.safeParse(json);
  return parsed.success ? { kty: 'OKP', crv: 'X25519', x: parsed.data.x, d: parsed.data.d } : `${file}: not an X25519 private JWK (kty OKP, crv X25519, x, d)`;
}

export const unsealCommand: CliCommand = {
  name: 'unseal',
  usage: UNSEAL_USAGE,
  run: (args) =>
    withUsage(UNSEAL_USAGE, async () => {
      const { values } = parseArgs({ args, options: { 'secret-key': { type: 'string' }, config: { type: 'string' }, since: { type: 'string' } } });
      const keyFile = values['secret-key'];
      if (keyFile === undefined) return failWith(EXIT_USAGE, [failure('usage', `--secret-key FILE is required\nusage:\n${UNSEAL_USAGE}`)]);
      const since = values.since === undefined ? undefined : lowerBound(values.since);
      if (values.since !== undefined && since === undefined) {
        return failWith(EXIT_USAGE, [failure('unseal.bad-since', `--since must be an ISO 8601 instant with a zone; got "${values.since}"`)]);
      }
      const key = readSecretKey(keyFile);
      if (typeof key === 'string') return failWith(EXIT_USAGE, [failure('unseal.bad-key', key)]);
      const kid = x25519Thumbprint(key.x);
      const file = journalFileOf(values.config);
      if (!file.ok) return failWith(EXIT_USAGE, file.error);
      const db = openJournalDb(file.value, { readonly: true });
      if (!db.ok) return failWith(EXIT_FAILURE, [db.error]);
      const rows = attempt(() =>
        db.value.prepare('SELECT id, at, authority_kid, enc, ciphertext FROM sealed_registrations WHERE at >= ? ORDER BY at, id').all(since ?? ''),
      );
      db.value.close();
      if (!rows.ok) return failWith(EXIT_FAILURE, [rows.error]);
      let opened = 0;
      let otherKeys = 0;
      let failed = 0;
      for (const raw of rows.value) {
        const row = sealedRow.parse(raw);
        if (row.authority_kid !== kid) {
          otherKeys++;
          continue;
        }
        const record = await openRegistration(key, { id: row.id, enc: row.enc, ciphertext: row.ciphertext });
        if (!record.ok) {
          failed++;
          complain(`${record.error.code}: ${record.error.message}`);
          continue;
        }
        print(canonicalize({ id: row.id, at: row.at, authorityKid: row.authority_kid, record: record.value }));
        opened++;
      }
      complain(`unsealed ${opened}; ${otherKeys} sealed to other keys; ${failed} failed to open`);
      return failed > 0 ? EXIT_FAILURE : EXIT_OK;
    }),
};
