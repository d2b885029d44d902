/** `gate bundle keygen | gate-key | sign | verify` end to end, through the built `node out/main/cli.js`. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDistrictKey } from '../../main/bundles/district-key-seal.js';
import { loadOrCreateGateKey } from '../../main/bundles/gate-key.js';
import { readBundle, trustedKeys } from '../../main/bundles/jws.js';
import { keyFingerprint } from '../../main/registers/district-key-file.js';
import { districtKeyBody } from '../../src/bundles/district-key.js';
import { CLI } from '../harness/child-gate.js';
import { writeConfig } from '../journal/run-command.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-bundle-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (name: string): string => join(dir, name);

/** Each run loads the whole CLI (about 1.5 s on an idle 2-core machine); the tests that run many allow for a loaded one. */
const MANY_RUNS = 120_000;

function gate(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'bundle', ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, GATE_LOG_LEVEL: 'silent', GATE_DATA_DIR: '' }, timeout: 60_000 });
  if (r.error !== undefined) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const json = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const write = (name: string, value: unknown): string => {
  writeFileSync(at(name), JSON.stringify(value));
  return at(name);
};

const DISTRICT_KEY = 'ab'.repeat(32);
const RISK_AREAS = [{ area: '420106', level: 'high', from: '2026-11-15', until: null }];

function keygen(kid: string): { secret: string; public: string } {
  const r = gate('keygen', '--kid', kid, '--out', at('keys'));
  expect(r.code, r.stderr).toBe(0);
  return { secret: at(`keys/${kid}.secret.jwk.json`), public: at(`keys/${kid}.public.json`) };
}

describe('gate bundle keygen', () => {
  it('writes a 0600 secret JWK and the public half a config key entry takes; never overwrites', () => {
    const k = keygen('platform-1');
    expect(statSync(k.secret).mode & 0o777).toBe(0o600);
    const secret = json(k.secret);
    const pub = json(k.public);
    expect(secret).toEqual({ kty: 'OKP', crv: 'Ed25519', x: pub['publicKey'], d: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), kid: 'platform-1' });
    expect(pub).toEqual({ kid: 'platform-1', publicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const again = gate('keygen', '--kid', 'platform-1', '--out', at('keys'));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('keygen.write:');
    expect(json(k.secret)).toEqual(secret);
    expect(gate('keygen', '--kid', '../up', '--out', at('keys')).code).toBe(2);
    expect(gate('keygen', '--out', at('keys')).code).toBe(2);
  });
});

describe('gate bundle sign → verify', () => {
  it('signs a bundle that verifies with the public key or a config trusting it, and prints the same summary', () => {
    const k = keygen('platform-1');
    const signed = gate('sign', '--key', k.secret, '--kind', 'risk-areas', '--version', '4', '--issued-at', '2026-11-22T08:00:00+08:00', '--body', write('areas.json', RISK_AREAS), '--out', at('areas.jws'));
    expect(signed.code, signed.stderr).toBe(0);
    const summary = JSON.parse(signed.stdout) as Record<string, unknown>;
    expect(summary).toEqual({ kind: 'risk-areas', version: 4, issuedAt: '2026-11-22T08:00:00+08:00', kid: 'platform-1', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const byKey = gate('verify', '--file', at('areas.jws'), '--public', k.public, '--kinds', 'risk-areas');
    expect(byKey.code, byKey.stderr).toBe(0);
    expect(JSON.parse(byKey.stdout)).toEqual(summary);
    const pub = json(k.public);
    const config = writeConfig(dir, './data', { bundles: { keys: [{ ...pub, kinds: ['risk-areas', 'policy'] }] } });
    const byConfig = gate('verify', '--file', at('areas.jws'), '--config', config);
    expect(byConfig.code, byConfig.stderr).toBe(0);
    expect(JSON.parse(byConfig.stdout)).toEqual(summary);
    // what a gate reads is what was printed
    const read = readBundle(readFileSync(at('areas.jws'), 'utf8'), trustedKeys([{ kid: 'platform-1', publicKey: String(pub['publicKey']), kinds: ['risk-areas'] }]));
    expect(read).toMatchObject({ ok: true, value: { sha256: summary['sha256'], claims: { body: RISK_AREAS } } });
  });

  it('verify refuses, exit 1 with the code and reason: a key not trusted for the kind, another key, an edited bundle, a body not of its kind', () => {
    const k = keygen('platform-1');
    expect(gate('sign', '--key', k.secret, '--kind', 'risk-areas', '--version', '1', '--body', write('areas.json', RISK_AREAS), '--out', at('areas.jws')).code).toBe(0);
    const notAllowed = gate('verify', '--file', at('areas.jws'), '--public', k.public, '--kinds', 'policy,time');
    expect(notAllowed).toMatchObject({ code: 1, stdout: '' });
    expect(notAllowed.stderr.trim()).toBe('bundle.kind-not-allowed: key "platform-1" may sign policy, time, not a risk-areas bundle');

    const other = keygen('platform-2');
    const unknown = gate('verify', '--file', at('areas.jws'), '--public', other.public, '--kinds', 'risk-areas');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('bundle.unknown-key: signed by "platform-1", which is not a configured bundle key');
    const impostor = write('impostor.public.json', { kid: 'platform-1', publicKey: json(other.public)['publicKey'] });
    expect(gate('verify', '--file', at('areas.jws'), '--public', impostor, '--kinds', 'risk-areas').stderr.trim()).toBe('bundle.bad-signature: the signature does not verify with key "platform-1"');

    const [h, p, s] = readFileSync(at('areas.jws'), 'utf8').trim().split('.');
    const edited = Buffer.from(p ?? '', 'base64url').toString('utf8').replace('"high"', '"medium"');
    writeFileSync(at('edited.jws'), `${h}.${Buffer.from(edited).toString('base64url')}.${s}`);
    const bad = gate('verify', '--file', at('edited.jws'), '--public', k.public, '--kinds', 'risk-areas');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bundle.bad-signature');
    writeFileSync(at('cut.jws'), readFileSync(at('areas.jws'), 'utf8').slice(0, 40));
    expect(gate('verify', '--file', at('cut.jws'), '--public', k.public, '--kinds', 'risk-areas').stderr).toContain('bundle.malformed: not a compact JWS');

    // sign refuses a body not of its kind; one signed elsewhere is refused by verify, field named
    const wrongBody = gate('sign', '--key', k.secret, '--kind', 'risk-areas', '--version', '2', '--body', write('bad.json', [{ area: '4201', level: 'high', from: '2026-11-15' }]), '--out', at('bad.jws'));
    expect(wrongBody.code).toBe(1);
    expect(wrongBody.stderr.trim()).toBe('bundle.body-invalid: body.0.area: must be a 6-digit division code');
  }, MANY_RUNS);

  it('residents and quarantine carry hashedUnder: the district key file fingerprint, or given', () => {
    const k = keygen('platform-1');
    const residents = write('residents.json', [{ ref: 'c'.repeat(64), household: 'B3-1201' }]);
    const dk = write('district-key.json', { key: DISTRICT_KEY });
    const fromKey = gate('sign', '--key', k.secret, '--kind', 'residents', '--version', '1', '--body', residents, '--district-key', dk, '--out', at('r.jws'));
    expect(fromKey.code, fromKey.stderr).toBe(0);
    const fp = keyFingerprint(Buffer.from(DISTRICT_KEY, 'hex'));
    expect(JSON.parse(fromKey.stdout)).toMatchObject({ kind: 'residents', hashedUnder: fp });
    const given = gate('sign', '--key', k.secret, '--kind', 'residents', '--version', '1', '--body', residents, '--hashed-under', fp, '--out', at('r2.jws'));
    expect(JSON.parse(given.stdout)).toMatchObject({ hashedUnder: fp });
    expect(gate('sign', '--key', k.secret, '--kind', 'residents', '--version', '1', '--body', residents, '--out', at('r3.jws'))).toMatchObject({ code: 2, stderr: expect.stringContaining('exactly one of --hashed-under FP and --district-key FILE') });
    expect(gate('sign', '--key', k.secret, '--kind', 'risk-areas', '--version', '1', '--body', residents, '--hashed-under', fp, '--out', at('r4.jws'))).toMatchObject({ code: 2, stderr: expect.stringContaining('a risk-areas bundle takes no --hashed-under') });
  }, MANY_RUNS);

  it('usage errors exit 2, naming the option or claim; an unreadable key file exits 1', () => {
    const k = keygen('platform-1');
    const body = write('areas.json', RISK_AREAS);
    const cases: [string[], string][] = [
      [['sign', '--kind', 'risk-areas', '--version', '1', '--body', body, '--out', at('x.jws')], '--key required'],
      [['sign', '--key', k.secret, '--kind', 'weather', '--version', '1', '--body', body, '--out', at('x.jws')], '--kind must be one of'],
      [['sign', '--key', k.secret, '--kind', 'risk-areas', '--version', '0', '--body', body, '--out', at('x.jws')], '--version must be a whole number'],
      [['sign', '--key', k.secret, '--kind', 'risk-areas', '--version', '1', '--issued-at', 'yesterday', '--body', body, '--out', at('x.jws')], 'issuedAt:'],
      [['sign', '--key', k.secret, '--kind', 'risk-areas', '--version', '1', '--bogus', 'x'], "Unknown option '--bogus'"],
      [['verify', '--file', at('x.jws')], 'exactly one of --config FILE and --public'],
      [['verify', '--file', at('x.jws'), '--public', k.public, '--kinds', 'weather'], '--kinds: 0:'],
      [['frobnicate'], 'unknown subcommand "frobnicate"'],
    ];
    for (const [args, says] of cases) {
      const r = gate(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(says);
    }
    const missingKey = gate('sign', '--key', at('nope.jwk.json'), '--kind', 'risk-areas', '--version', '1', '--body', body, '--out', at('x.jws'));
    expect(missingKey.code).toBe(1);
    expect(missingKey.stderr).toContain(`bundle.key-file: ${at('nope.jwk.json')}: ENOENT`);
  }, MANY_RUNS);
});

describe('gate bundle gate-key → sign --kind district-key', () => {
  it('seals the district key to the gate that printed its key, with its two lists; verify reads all three', async () => {
    const k = keygen('platform-1');
    const config = writeConfig(dir, './data', {});
    const printed = gate('gate-key', '--config', config);
    expect(printed.code, printed.stderr).toBe(0);
    const gateKey = loadOrCreateGateKey(at('data'));
    if (!gateKey.ok) throw new Error(gateKey.error.message);
    expect(JSON.parse(printed.stdout)).toEqual(gateKey.value.publicKey);
    writeFileSync(at('gate.pub.json'), printed.stdout);

    const dk = write('district-key.json', { key: DISTRICT_KEY });
    for (const kind of ['residents', 'quarantine'] as const) {
      const r = gate('sign', '--key', k.secret, '--kind', kind, '--version', '2', '--body', write(`${kind}.json`, []), '--district-key', dk, '--out', at(`${kind}.jws`));
      expect(r.code, r.stderr).toBe(0);
    }
    const signed = gate('sign', '--key', k.secret, '--kind', 'district-key', '--version', '2', '--district-key', dk, '--gate', 'gate-01', '--gate-key', at('gate.pub.json'), '--residents', at('residents.jws'), '--quarantine', at('quarantine.jws'), '--out', at('dk.jws'));
    expect(signed.code, signed.stderr).toBe(0);
    expect(JSON.parse(signed.stdout)).toMatchObject({ kind: 'district-key', version: 2, gate: 'gate-01' });

    const verified = gate('verify', '--file', at('dk.jws'), '--public', k.public, '--kinds', 'district-key,residents,quarantine');
    expect(verified.code, verified.stderr).toBe(0);
    const notLists = gate('verify', '--file', at('dk.jws'), '--public', k.public, '--kinds', 'district-key');
    expect(notLists.code).toBe(1);
    expect(notLists.stderr).toContain('bundle.kind-not-allowed: body.residents: key "platform-1" may sign district-key, not a residents bundle');

    const bundle = readBundle(readFileSync(at('dk.jws'), 'utf8'), trustedKeys([{ kid: 'platform-1', publicKey: String(json(k.public)['publicKey']), kinds: ['district-key'] }]));
    if (!bundle.ok) throw new Error(bundle.error.message);
    const body = districtKeyBody.parse(bundle.value.claims.body);
    expect(body.residents).toBe(readFileSync(at('residents.jws'), 'utf8').trim());
    expect(await openDistrictKey(body.sealedKey, gateKey.value.secretJwk, 'gate-01')).toEqual({ ok: true, value: new Uint8Array(Buffer.from(DISTRICT_KEY, 'hex')) });
  });

  it('refuses lists hashed under another key, a gate key file whose kid is not its thumbprint, and missing parts', () => {
    const k = keygen('platform-1');
    const printed = gate('gate-key', '--config', writeConfig(dir, './data', {}));
    const gatePub = JSON.parse(printed.stdout) as { gateKey: string; kid: string };
    writeFileSync(at('gate.pub.json'), printed.stdout);
    const dk = write('district-key.json', { key: DISTRICT_KEY });
    const old = write('old-key.json', { key: 'cd'.repeat(32) });
    gate('sign', '--key', k.secret, '--kind', 'residents', '--version', '1', '--body', write('r.json', []), '--district-key', old, '--out', at('r.jws'));
    gate('sign', '--key', k.secret, '--kind', 'quarantine', '--version', '1', '--body', write('q.json', []), '--district-key', dk, '--out', at('q.jws'));
    const args = (gateKeyFile: string): string[] => ['sign', '--key', k.secret, '--kind', 'district-key', '--version', '1', '--district-key', dk, '--gate', 'gate-01', '--gate-key', gateKeyFile, '--residents', at('r.jws'), '--quarantine', at('q.jws'), '--out', at('dk.jws')];
    const oldLists = gate(...args(at('gate.pub.json')));
    expect(oldLists.code).toBe(1);
    expect(oldLists.stderr).toContain(`bundle.body-invalid: --residents ${at('r.jws')}: must be a residents bundle hashed under ${keyFingerprint(Buffer.from(DISTRICT_KEY, 'hex'))}`);
    const lying = write('lying.pub.json', { gateKey: gatePub.gateKey, kid: 'A'.repeat(43) });
    expect(gate(...args(lying)).stderr).toContain('bundle.gate-key-file: ' + lying + ': kid: is not the RFC 7638 thumbprint of gateKey');
    const noGate = gate('sign', '--key', k.secret, '--kind', 'district-key', '--version', '1', '--district-key', dk, '--out', at('dk.jws'));
    expect(noGate.code).toBe(2);
    expect(noGate.stderr).toContain('a district-key bundle needs --gate, --gate-key, --residents, --quarantine');
  }, MANY_RUNS);
});
