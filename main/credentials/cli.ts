/**
 * Issuer tooling as two `gate` subcommands (main/cli.ts dispatches to them by `name`):
 *
 *   gate issuer-keygen --kid K --issuer I --typ gate-hc+jwt[,…] --out DIR [--not-before ISO] [--not-after ISO]
 *     writes DIR/<kid>.private.jwk.json (mode 0600) and DIR/<kid>.public.json (an IssuerKey, importable
 *     into the registers), prints both paths; refuses to overwrite either.
 *   gate issue-token --key FILE [--kid K] --issuer I --typ T --sub <64 hex> --masked M
 *                    [--colour green|yellow|red] [--colour-since ISO] [--visited 130102:2021-01-02,…]
 *                    [--household H] [--iat ISO] [--nbf ISO] [--exp ISO|+24h]
 *     prints the compact JWS on stdout. Defaults: --kid from the key file, --iat now, --exp +24h (after iat),
 *     --colour-since = iat.
 *
 * Exit codes: 0 ok; 1 file or key failure (message on stderr); 2 usage error (message and usage on stderr).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TOKEN_TYPS, type TokenTyp } from '../../src/credentials/token.js';
import { err, ok, type Result } from '../../src/result.js';
import type { CliCommand } from '../cli/command.js';
import { generateIssuerKey, issueToken, type PrivateJwk } from './issue.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Epoch ms; the default `--iat`. */
  now(): number;
}

/** A `gate` command whose output can be captured in tests. */
export interface IoCommand extends CliCommand {
  /** Resolves to the exit code; never rejects. `io` defaults to process stdout/stderr and `Date.now`. */
  run(args: string[], io?: CliIo): Promise<number>;
}

const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  now: () => Date.now(),
};

/** A failed step: `usage` → exit 2 with the usage text, `runtime` → exit 1. */
type Stop = { readonly kind: 'usage' | 'runtime'; readonly message: string };
const usage = (message: string): Result<never, Stop> => err({ kind: 'usage', message });
const runtime = (message: string): Result<never, Stop> => err({ kind: 'runtime', message });

function report(stop: Stop, usageText: string, io: CliIo): number {
  io.err(stop.kind === 'usage' ? `${stop.message}\n${usageText}\n` : `${stop.message}\n`);
  return stop.kind === 'usage' ? 2 : 1;
}

type Values = Record<string, string | undefined>;

/** node:util parseArgs (strict, string options only), with its thrown usage errors turned into a value. */
function parseOptions(args: string[], names: readonly string[]): Result<Values, Stop> {
  const options: ParseArgsConfig['options'] = {};
  for (const n of names) options[n] = { type: 'string' };
  try {
    const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
    const out: Values = {};
    for (const n of names) {
      const v = values[n];
      if (typeof v === 'string') out[n] = v;
    }
    return ok(out);
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e));
  }
}

function required(values: Values, name: string): Result<string, Stop> {
  const v = values[name];
  return v === undefined || v === '' ? usage(`--${name} is required`) : ok(v);
}

function isoMs(text: string, name: string): Result<number, Stop> {
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isFinite(ms) ? ok(ms) : usage(`--${name} must be an ISO-8601 date-time, not ${JSON.stringify(text)}`);
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `+30s`, `+15m`, `+24h`, `+7d` after `fromMs`, or an ISO date-time. */
function timeOrOffset(text: string, fromMs: number, name: string): Result<number, Stop> {
  const rel = /^\+(\d{1,6})([smhd])$/.exec(text);
  if (rel === null) return isoMs(text, name);
  return ok(fromMs + Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS]);
}

const seconds = (ms: number): number => Math.floor(ms / 1000);
const isTyp = (t: string): t is TokenTyp => (TOKEN_TYPS as readonly string[]).includes(t);
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A kid that is safe as a file name and as a JWS header value. */
const SAFE_KID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

const KEYGEN_USAGE =
  'usage: gate issuer-keygen --kid K --issuer I --typ gate-hc+jwt[,gate-travel+jwt,gate-pass+jwt] --out DIR [--not-before ISO] [--not-after ISO]';

interface KeygenArgs {
  kid: string;
  issuer: string;
  typs: TokenTyp[];
  dir: string;
  notBefore: number | null;
  notAfter: number | null;
}

function keygenArgs(args: string[]): Result<KeygenArgs, Stop> {
  const parsed = parseOptions(args, ['kid', 'issuer', 'typ', 'out', 'not-before', 'not-after']);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const kid = required(v, 'kid');
  if (!kid.ok) return kid;
  if (!SAFE_KID.test(kid.value)) return usage('--kid must be 1–64 characters of A-Z a-z 0-9 . _ - (it names the key files)');
  const issuer = required(v, 'issuer');
  if (!issuer.ok) return issuer;
  const typList = required(v, 'typ');
  if (!typList.ok) return typList;
  const typs = typList.value.split(',');
  const badTyp = typs.find((t) => !isTyp(t));
  if (badTyp !== undefined) return usage(`--typ ${JSON.stringify(badTyp)} is not one of ${TOKEN_TYPS.join(', ')}`);
  const dir = required(v, 'out');
  if (!dir.ok) return dir;
  const nb = v['not-before'] === undefined ? ok(null) : isoMs(v['not-before'], 'not-before');
  if (!nb.ok) return nb;
  const na = v['not-after'] === undefined ? ok(null) : isoMs(v['not-after'], 'not-after');
  if (!na.ok) return na;
  if (nb.value !== null && na.value !== null && na.value < nb.value) return usage('--not-after is before --not-before');
  return ok({ kid: kid.value, issuer: issuer.value, typs: typs.filter(isTyp), dir: dir.value, notBefore: nb.value, notAfter: na.value });
}

async function keygen(args: string[], io: CliIo): Promise<Result<void, Stop>> {
  const a = keygenArgs(args);
  if (!a.ok) return a;
  const { kid, issuer, typs, dir, notBefore, notAfter } = a.value;
  const privateFile = join(dir, `${kid}.private.jwk.json`);
  const publicFile = join(dir, `${kid}.public.json`);
  for (const f of [privateFile, publicFile]) if (existsSync(f)) return runtime(`${f} exists; refusing to overwrite a key`);
  const key = await generateIssuerKey(kid, issuer, typs, { notBefore, notAfter });
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(privateFile, `${JSON.stringify(key.privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    writeFileSync(publicFile, `${JSON.stringify(key.publicKey, null, 2)}\n`, { mode: 0o644, flag: 'wx' });
  } catch (e) {
    return runtime(message(e));
  }
  io.out(`${privateFile}\n${publicFile}\n`);
  return ok(undefined);
}

export const issuerKeygenCommand: IoCommand = {
  name: 'issuer-keygen',
  usage: KEYGEN_USAGE,
  async run(args, io = processIo) {
    try {
      const r = await keygen(args, io);
      return r.ok ? 0 : report(r.error, KEYGEN_USAGE, io);
    } catch (e) {
      return report({ kind: 'runtime', message: message(e) }, KEYGEN_USAGE, io);
    }
  },
};

const ISSUE_USAGE = `usage: gate issue-token --key FILE [--kid K] --issuer I --typ gate-hc+jwt|gate-travel+jwt|gate-pass+jwt --sub <64 hex> --masked M
         [--colour green|yellow|red] [--colour-since ISO] [--visited 130102:2021-01-02,…] [--household H]
         [--iat ISO] [--nbf ISO] [--exp ISO|+24h]`;

const ISSUE_OPTIONS = ['key', 'kid', 'issuer', 'typ', 'sub', 'masked', 'colour', 'colour-since', 'visited', 'household', 'iat', 'nbf', 'exp'] as const;

/** Which typ each typ-specific option belongs to. */
const OPTION_TYP = { colour: 'gate-hc+jwt', 'colour-since': 'gate-hc+jwt', visited: 'gate-travel+jwt', household: 'gate-pass+jwt' } as const;

function parseVisited(text: string): Result<{ area: string; lastDay: string }[], Stop> {
  if (text === '') return ok([]);
  const visited: { area: string; lastDay: string }[] = [];
  for (const entry of text.split(',')) {
    const m = /^([^:]*):(.*)$/.exec(entry);
    if (m === null) return usage(`--visited entry ${JSON.stringify(entry)} is not AREA:YYYY-MM-DD`);
    visited.push({ area: m[1] ?? '', lastDay: m[2] ?? '' });
  }
  return ok(visited);
}

/** The claims the options describe (still unvalidated: issueToken checks them against the schema). */
function issueClaims(typ: TokenTyp, v: Values, nowMs: number): Result<Record<string, unknown>, Stop> {
  for (const [name, owner] of Object.entries(OPTION_TYP)) {
    if (v[name] !== undefined && owner !== typ) return usage(`--${name} does not apply to ${typ}`);
  }
  const issuer = required(v, 'issuer');
  if (!issuer.ok) return issuer;
  const sub = required(v, 'sub');
  if (!sub.ok) return sub;
  const masked = required(v, 'masked');
  if (!masked.ok) return masked;
  const iat = v['iat'] === undefined ? ok(nowMs) : isoMs(v['iat'], 'iat');
  if (!iat.ok) return iat;
  const exp = timeOrOffset(v['exp'] ?? '+24h', iat.value, 'exp');
  if (!exp.ok) return exp;
  const claims: Record<string, unknown> = { iss: issuer.value, sub: sub.value, iat: seconds(iat.value), exp: seconds(exp.value), masked: masked.value };
  if (v['nbf'] !== undefined) {
    const nbf = isoMs(v['nbf'], 'nbf');
    if (!nbf.ok) return nbf;
    claims['nbf'] = seconds(nbf.value);
  }
  switch (typ) {
    case 'gate-hc+jwt': {
      const colour = required(v, 'colour');
      if (!colour.ok) return colour;
      const since = v['colour-since'] === undefined ? ok(iat.value) : isoMs(v['colour-since'], 'colour-since');
      if (!since.ok) return since;
      return ok({ ...claims, colour: colour.value, colourSince: seconds(since.value) });
    }
    case 'gate-travel+jwt': {
      const visited = parseVisited(v['visited'] ?? '');
      return visited.ok ? ok({ ...claims, visited: visited.value }) : visited;
    }
    case 'gate-pass+jwt': {
      const household = required(v, 'household');
      return household.ok ? ok({ ...claims, household: household.value }) : household;
    }
  }
}

function readPrivateJwk(file: string): Result<PrivateJwk, Stop> {
  try {
    const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return runtime(`${file}: not a JWK object`);
    return ok(json as PrivateJwk);
  } catch (e) {
    return runtime(`${file}: ${message(e)}`);
  }
}

async function issue(args: string[], io: CliIo): Promise<Result<void, Stop>> {
  const parsed = parseOptions(args, ISSUE_OPTIONS);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const typ = required(v, 'typ');
  if (!typ.ok) return typ;
  if (!isTyp(typ.value)) return usage(`--typ must be one of ${TOKEN_TYPS.join(', ')}`);
  const keyFile = required(v, 'key');
  if (!keyFile.ok) return keyFile;
  const claims = issueClaims(typ.value, v, io.now());
  if (!claims.ok) return claims;
  const privateJwk = readPrivateJwk(keyFile.value);
  if (!privateJwk.ok) return privateJwk;
  const kid = v['kid'] ?? (typeof privateJwk.value.kid === 'string' ? privateJwk.value.kid : undefined);
  if (kid === undefined) return usage('--kid is required (the key file names none)');
  const token = await issueToken(privateJwk.value, kid, typ.value, claims.value);
  if (!token.ok) return token.error.code === 'issue.bad-key' ? runtime(`${keyFile.value}: ${token.error.message}`) : usage(token.error.message);
  io.out(`${token.value}\n`);
  return ok(undefined);
}

export const issueTokenCommand: IoCommand = {
  name: 'issue-token',
  usage: ISSUE_USAGE,
  async run(args, io = processIo) {
    try {
      const r = await issue(args, io);
      return r.ok ? 0 : report(r.error, ISSUE_USAGE, io);
    } catch (e) {
      return report({ kind: 'runtime', message: message(e) }, ISSUE_USAGE, io);
    }
  },
};
