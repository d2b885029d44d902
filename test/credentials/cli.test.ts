import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuerKeygenCommand, issueTokenCommand, type CliIo } from '../../main/credentials/cli.js';
import { verifyCredential } from '../../main/credentials/verify.js';
import { parseIssuerKey } from '../../src/credentials/issuer-key.js';
import { keysOf, MASKED, NOW, NOW_MS, SUB } from './support.js';

interface Captured extends CliIo {
  stdout: string;
  stderr: string;
}

function capture(nowMs = NOW_MS): Captured {
  const io: Captured = {
    stdout: '',
    stderr: '',
    out: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
    now: () => nowMs,
  };
  return io;
}

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gate-issuer-'));
  const io = capture();
  const code = await issuerKeygenCommand.run(['--kid', 'hc-2022', '--issuer', 'district-a', '--typ', 'gate-hc+jwt,gate-travel+jwt,gate-pass+jwt', '--out', dir], io);
  if (code !== 0) throw new Error(io.stderr);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const keyFile = (): string => join(dir, 'hc-2022.private.jwk.json');
function publicKeys() {
  const parsed = parseIssuerKey(JSON.parse(readFileSync(join(dir, 'hc-2022.public.json'), 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return keysOf([parsed.value]);
}

const common = ['--key', '', '--issuer', 'district-a', '--sub', SUB, '--masked', MASKED, '--iat', new Date((NOW - 60) * 1000).toISOString()];
const argsFor = (...extra: string[]): string[] => [...common.map((a) => (a === '' ? keyFile() : a)), ...extra];

describe('gate issuer-keygen', () => {
  it('writes a 0600 private JWK and an importable public IssuerKey', () => {
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    const priv = JSON.parse(readFileSync(keyFile(), 'utf8')) as Record<string, unknown>;
    expect(priv).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: 'hc-2022' });
    expect(typeof priv['d']).toBe('string');
    const pub = parseIssuerKey(JSON.parse(readFileSync(join(dir, 'hc-2022.public.json'), 'utf8')));
    expect(pub).toMatchObject({ ok: true, value: { kid: 'hc-2022', issuer: 'district-a', typs: ['gate-hc+jwt', 'gate-travel+jwt', 'gate-pass+jwt'], notBefore: null, notAfter: null } });
    expect(readFileSync(join(dir, 'hc-2022.public.json'), 'utf8')).not.toContain('"d"');
  });

  it('refuses to overwrite an existing key (exit 1)', async () => {
    const io = capture();
    expect(await issuerKeygenCommand.run(['--kid', 'hc-2022', '--issuer', 'x', '--typ', 'gate-hc+jwt', '--out', dir], io)).toBe(1);
    expect(io.stderr).toContain('refusing to overwrite');
  });

  it('records a validity window', async () => {
    const io = capture();
    const code = await issuerKeygenCommand.run(['--kid', 'win', '--issuer', 'x', '--typ', 'gate-hc+jwt', '--out', dir, '--not-before', '2022-01-01T00:00:00Z', '--not-after', '2023-01-01T00:00:00Z'], io);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'win.public.json'), 'utf8'))).toMatchObject({ notBefore: Date.UTC(2022, 0, 1), notAfter: Date.UTC(2023, 0, 1) });
  });

  it.each([
    ['no kid', ['--issuer', 'x', '--typ', 'gate-hc+jwt', '--out', '/tmp/x'], '--kid'],
    ['a path as kid', ['--kid', '../evil', '--issuer', 'x', '--typ', 'gate-hc+jwt', '--out', '/tmp/x'], '--kid'],
    ['an unknown typ', ['--kid', 'k', '--issuer', 'x', '--typ', 'gate-hc+jwt,JWT', '--out', '/tmp/x'], 'JWT'],
    ['an unknown option', ['--kid', 'k', '--issuer', 'x', '--typ', 'gate-hc+jwt', '--out', '/tmp/x', '--force'], 'force'],
    ['a window the wrong way round', ['--kid', 'k', '--issuer', 'x', '--typ', 'gate-hc+jwt', '--out', '/tmp/x', '--not-before', '2023-01-01', '--not-after', '2022-01-01'], 'not-after'],
  ])('usage error: %s → exit 2 with usage on stderr', async (_name, args, mention) => {
    const io = capture();
    expect(await issuerKeygenCommand.run(args, io)).toBe(2);
    expect(io.stderr).toContain(mention);
    expect(io.stderr).toContain(issuerKeygenCommand.usage);
    expect(io.stdout).toBe('');
  });
});

describe('gate issue-token', () => {
  it('prints a health code the verifier accepts', async () => {
    const io = capture();
    expect(await issueTokenCommand.run(argsFor('--typ', 'gate-hc+jwt', '--colour', 'yellow', '--colour-since', '2022-03-30T00:00:00Z'), io)).toBe(0);
    const r = await verifyCredential(io.stdout, publicKeys(), NOW_MS);
    expect(r).toMatchObject({
      ok: true,
      value: { kid: 'hc-2022', expiresAt: (NOW - 60 + 86400) * 1000, healthCode: { colour: 'yellow', issuedAt: Date.UTC(2022, 2, 30), subject: SUB, issuer: 'district-a' } },
    });
  });

  it('prints a travel code and a resident pass; --exp takes an offset', async () => {
    const t = capture();
    expect(await issueTokenCommand.run(argsFor('--typ', 'gate-travel+jwt', '--visited', '130102:2021-01-02,420102:2022-03-30', '--exp', '+2h'), t)).toBe(0);
    expect(await verifyCredential(t.stdout, publicKeys(), NOW_MS)).toMatchObject({
      ok: true,
      value: { expiresAt: (NOW - 60 + 7200) * 1000, travel: { visited: [{ area: '130102', lastDay: '2021-01-02' }, { area: '420102', lastDay: '2022-03-30' }] } },
    });
    const p = capture();
    expect(await issueTokenCommand.run(argsFor('--typ', 'gate-pass+jwt', '--household', '3-2-1201', '--exp', '2022-05-01T00:00:00Z'), p)).toBe(0);
    expect(await verifyCredential(p.stdout, publicKeys(), NOW_MS)).toMatchObject({ ok: true, value: { typ: 'gate-pass+jwt', expiresAt: Date.UTC(2022, 4, 1) } });
  });

  it('defaults iat to now and exp to a day later', async () => {
    const io = capture();
    const args = ['--key', keyFile(), '--issuer', 'district-a', '--sub', SUB, '--masked', MASKED, '--typ', 'gate-hc+jwt', '--colour', 'green'];
    expect(await issueTokenCommand.run(args, io)).toBe(0);
    expect(await verifyCredential(io.stdout, publicKeys(), NOW_MS)).toMatchObject({ ok: true, value: { issuedAt: NOW_MS, expiresAt: NOW_MS + 86_400_000 } });
  });

  it.each([
    ['no typ', ['--colour', 'green'], '--typ'],
    ['a bad colour', ['--typ', 'gate-hc+jwt', '--colour', 'blue'], 'colour'],
    ['a colour on a pass', ['--typ', 'gate-pass+jwt', '--household', 'h', '--colour', 'green'], '--colour does not apply'],
    ['no household on a pass', ['--typ', 'gate-pass+jwt'], '--household'],
    ['a malformed visited list', ['--typ', 'gate-travel+jwt', '--visited', '130102'], 'AREA:YYYY-MM-DD'],
    ['a bad area', ['--typ', 'gate-travel+jwt', '--visited', '1301:2021-01-02'], 'visited.0.area'],
    ['a bad exp', ['--typ', 'gate-hc+jwt', '--colour', 'green', '--exp', 'tomorrow'], '--exp'],
    ['exp before iat', ['--typ', 'gate-hc+jwt', '--colour', 'green', '--exp', '2000-01-01T00:00:00Z'], 'exp'],
    ['an unknown option', ['--typ', 'gate-hc+jwt', '--colour', 'green', '--color', 'green'], 'color'],
  ])('usage error: %s → exit 2', async (_name, extra, mention) => {
    const io = capture();
    expect(await issueTokenCommand.run(argsFor(...extra), io)).toBe(2);
    expect(io.stderr).toContain(mention);
    expect(io.stderr).toContain('usage: gate issue-token');
    expect(io.stdout).toBe('');
  });

  it('a bad --sub is a usage error naming sub', async () => {
    const io = capture();
    const args = argsFor('--typ', 'gate-hc+jwt', '--colour', 'green').map((a) => (a === SUB ? '11010519491231002X' : a));
    expect(await issueTokenCommand.run(args, io)).toBe(2);
    expect(io.stderr).toContain('sub');
  });

  it('a missing or non-key file is exit 1', async () => {
    for (const file of [join(dir, 'missing.json'), join(dir, 'hc-2022.public.json')]) {
      const io = capture();
      const args = argsFor('--typ', 'gate-hc+jwt', '--colour', 'green').map((a) => (a === keyFile() ? file : a));
      expect(await issueTokenCommand.run(args, io)).toBe(1);
      expect(io.stderr).toContain(file);
    }
  });
});
