/**
 * `gate bundle sign`: one bundle (docs/bundles.md), for the platform's side and the tests.
 *
 *   gate bundle sign --key SECRET.jwk.json --kind K --version N [--issued-at ISO] --body FILE
 *                    [--hashed-under FP | --district-key district-key.json] --out FILE
 *   gate bundle sign --key SECRET.jwk.json --kind district-key --version N [--issued-at ISO]
 *                    --district-key district-key.json --gate ID --gate-key GATEKEY.pub.json
 *                    --residents RES.jws --quarantine Q.jws --out FILE
 *
 * `--body` is the kind's document (JSON); residents and quarantine say which district key their refs were made
 * with, by fingerprint (`--hashed-under`) or computed from the key file. A district-key body is built here: the
 * key sealed to the gate's key for that gate id, with the two lists hashed under it. Every body is checked
 * against its kind's format before it is signed, and the bundle is read back as a gate would (with the
 * signing key's public half) before it is written. Prints the bundle's summary line, as `verify` does.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { bundleClaims, BUNDLE_FORMAT, keyFingerprintText, type BundleClaims } from '../../src/bundles/envelope.js';
import { BUNDLE_KINDS, HASHED_KINDS, type BundleKind } from '../../src/bundles/kinds.js';
import { type Failure, type Result, err, failure, ok } from '../../src/result.js';
import { GATE_ID_FORMAT } from '../../src/config/uplink.js';
import { issueLines } from '../../src/zod-issues.js';
import { type CliCommand, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, failWith, print, withUsage } from '../cli/command.js';
import { districtKeyDoc } from '../registers/formats.js';
import { keyFingerprint } from '../registers/district-key-file.js';
import { bodyFormatFailures, unverifiedClaims } from './body-format.js';
import { readJson, readText, stringOptions, summaryOf } from './cli-io.js';
import { signingKeyFile } from './cli-keys.js';
import { sealDistrictKey } from './district-key-seal.js';
import { gatePublicKey } from './gate-key.js';
import { readBundle, signBundle } from './jws.js';

const SIGN_USAGE = `  gate bundle sign --key SECRET.jwk.json --kind ${BUNDLE_KINDS.filter((k) => k !== 'district-key').join('|')} --version N [--issued-at ISO]
                   --body FILE [--hashed-under FP | --district-key district-key.json] --out FILE
  gate bundle sign --key SECRET.jwk.json --kind district-key --version N [--issued-at ISO] --district-key district-key.json
                   --gate ID --gate-key GATEKEY.pub.json --residents RES.jws --quarantine Q.jws --out FILE`;

const OPTIONS = ['key', 'kind', 'version', 'issued-at', 'body', 'hashed-under', 'district-key', 'gate', 'gate-key', 'residents', 'quarantine', 'out'] as const;
type Options = Partial<Record<(typeof OPTIONS)[number], string>>;

/** Which options each shape of bundle takes besides key, kind, version, issued-at and out. */
const DISTRICT_KEY_OPTIONS = ['district-key', 'gate', 'gate-key', 'residents', 'quarantine'] as const;
const HASHED_OPTIONS = ['body', 'hashed-under', 'district-key'] as const;
const PLAIN_OPTIONS = ['body'] as const;

/** A step that failed: exit 2 (the arguments) or 1 (a file, or a body not of its kind). */
type Stop = { readonly exit: number; readonly failures: readonly Failure[] };
const stop = (exit: number, ...failures: Failure[]): Result<never, Stop> => err({ exit, failures });
const usage = (message: string): Result<never, Stop> => stop(EXIT_USAGE, failure('usage', `${message}\nusage:\n${SIGN_USAGE}`));
const fromFile = <T>(r: Result<T, Failure>): Result<T, Stop> => (r.ok ? r : stop(EXIT_FAILURE, r.error));

const isKind = (k: string): k is BundleKind => (BUNDLE_KINDS as readonly string[]).includes(k);
const isHashed = (k: BundleKind): boolean => (HASHED_KINDS as readonly BundleKind[]).includes(k);

/** Options given that `kind` does not take, as a usage error. */
function unexpected(o: Options, kind: BundleKind, allowed: readonly string[]): Result<void, Stop> {
  const extra = [...HASHED_OPTIONS, ...DISTRICT_KEY_OPTIONS].filter((n) => o[n] !== undefined && !allowed.includes(n));
  return extra.length === 0 ? ok(undefined) : usage(`a ${kind} bundle takes no ${extra.map((n) => `--${n}`).join(', ')}`);
}

const districtKeyOf = (file: string): Result<Uint8Array, Stop> => {
  const doc = fromFile(readJson(file, 'bundle.district-key-file', districtKeyDoc));
  return doc.ok ? ok(new Uint8Array(Buffer.from(doc.value.key, 'hex'))) : doc;
};

/** The body and the kind-specific claims of a district-key bundle. */
async function districtKeyClaims(o: Options): Promise<Result<Pick<BundleClaims, 'gate' | 'body'>, Stop>> {
  const missing = DISTRICT_KEY_OPTIONS.filter((n) => o[n] === undefined);
  if (missing.length > 0) return usage(`a district-key bundle needs ${missing.map((n) => `--${n}`).join(', ')}`);
  const { gate = '', residents = '', quarantine = '' } = o;
  if (!GATE_ID_FORMAT.test(gate)) return usage('--gate must be the gate id of its config `uplink.gateId` (1–64 letters, digits, `.`, `_`, `-`)');
  const key = districtKeyOf(o['district-key'] ?? '');
  if (!key.ok) return key;
  const gateKey = fromFile(readJson(o['gate-key'] ?? '', 'bundle.gate-key-file', gatePublicKey));
  if (!gateKey.ok) return gateKey;
  const residentsText = fromFile(readText(residents, 'bundle.unreadable'));
  if (!residentsText.ok) return residentsText;
  const quarantineText = fromFile(readText(quarantine, 'bundle.unreadable'));
  if (!quarantineText.ok) return quarantineText;
  const lists = { residents: residentsText.value.trim(), quarantine: quarantineText.value.trim() };
  const hashedUnder = keyFingerprint(key.value);
  for (const kind of ['residents', 'quarantine'] as const) {
    const inner = unverifiedClaims(lists[kind]);
    if (inner?.kind !== kind || inner.hashedUnder !== hashedUnder) {
      return stop(EXIT_FAILURE, failure('bundle.body-invalid', `--${kind} ${o[kind] ?? ''}: must be a ${kind} bundle hashed under ${hashedUnder}, the fingerprint of --district-key`));
    }
  }
  const sealedKey = await sealDistrictKey(key.value, gateKey.value.gateKey, gate).then(
    (sealed) => ok(sealed),
    (e: unknown) => stop(EXIT_FAILURE, failure('bundle.gate-key-file', `${o['gate-key'] ?? ''}: ${(e as Error).message}`)),
  );
  if (!sealedKey.ok) return sealedKey;
  return ok({ gate, body: { sealedKey: sealedKey.value, ...lists } });
}

/** The claims besides format, version and issuedAt: the body, and `hashedUnder` or `gate` where the kind has one. */
async function kindClaims(kind: BundleKind, o: Options): Promise<Result<Pick<BundleClaims, 'body' | 'hashedUnder' | 'gate'>, Stop>> {
  if (kind === 'district-key') {
    const extra = unexpected(o, kind, DISTRICT_KEY_OPTIONS);
    return extra.ok ? districtKeyClaims(o) : extra;
  }
  const extra = unexpected(o, kind, isHashed(kind) ? HASHED_OPTIONS : PLAIN_OPTIONS);
  if (!extra.ok) return extra;
  if (o.body === undefined) return usage(`a ${kind} bundle needs --body FILE`);
  const body = fromFile(readJson(o.body, 'bundle.body-file', z.unknown()));
  if (!body.ok) return body;
  if (!isHashed(kind)) return ok({ body: body.value });
  if ((o['hashed-under'] === undefined) === (o['district-key'] === undefined)) return usage(`a ${kind} bundle needs exactly one of --hashed-under FP and --district-key FILE`);
  if (o['district-key'] !== undefined) {
    const key = districtKeyOf(o['district-key']);
    return key.ok ? ok({ body: body.value, hashedUnder: keyFingerprint(key.value) }) : key;
  }
  const given = o['hashed-under'] ?? '';
  return keyFingerprintText.safeParse(given).success ? ok({ body: body.value, hashedUnder: given }) : usage('--hashed-under must be the 16 lowercase hex digits of the district key fingerprint');
}

async function sign(args: string[]): Promise<Result<string, Stop>> {
  const o: Options = stringOptions(args, OPTIONS);
  const missing = (['key', 'kind', 'version', 'out'] as const).filter((n) => o[n] === undefined);
  if (missing.length > 0) return usage(`${missing.map((n) => `--${n}`).join(', ')} required`);
  const kind = o.kind ?? '';
  if (!isKind(kind)) return usage(`--kind must be one of ${BUNDLE_KINDS.join(', ')}`);
  if (!/^[1-9][0-9]{0,15}$/.test(o.version ?? '')) return usage('--version must be a whole number, 1 or more');
  const key = fromFile(readJson(o.key ?? '', 'bundle.key-file', signingKeyFile));
  if (!key.ok) return key;
  const specific = await kindClaims(kind, o);
  if (!specific.ok) return specific;
  const claims = bundleClaims.safeParse({ format: BUNDLE_FORMAT, kind, version: Number(o.version), issuedAt: o['issued-at'] ?? new Date().toISOString(), ...specific.value });
  if (!claims.success) return usage(issueLines(claims.error).join('; '));
  const body = bodyFormatFailures(kind, claims.data.body);
  if (body.length > 0) return stop(EXIT_FAILURE, ...body);
  const { kid, ...jwk } = key.value;
  const secret = createPrivateKey({ key: jwk, format: 'jwk' });
  if (createPublicKey(secret).export({ format: 'jwk' }).x !== jwk.x) return stop(EXIT_FAILURE, failure('bundle.key-file', `${o.key ?? ''}: its public x does not belong to its private d`));
  const jws = signBundle(claims.data, kid, secret);
  const readBack = readBundle(jws, [{ kid, key: createPublicKey(secret), kinds: [kind] }]);
  if (!readBack.ok) return stop(EXIT_FAILURE, readBack.error);
  try {
    writeFileSync(o.out ?? '', `${jws}\n`, { mode: 0o644 });
  } catch (e) {
    return stop(EXIT_FAILURE, failure('bundle.unwritable', `${o.out ?? ''}: ${(e as Error).message}`));
  }
  return ok(summaryOf(readBack.value));
}

export const signSubcommand: CliCommand = {
  name: 'sign',
  usage: SIGN_USAGE,
  run: (args) =>
    withUsage(SIGN_USAGE, async () => {
      const r = await sign(args);
      if (!r.ok) return failWith(r.error.exit, r.error.failures);
      print(r.value);
      return EXIT_OK;
    }),
};
