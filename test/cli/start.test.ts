/**
 * `gate start` as a person runs it (the compiled CLI in a child process): a wrong config and a wrong policy
 * are the same "configuration error" (exit 2), a busy port is one line naming `host.port`, and a policy that
 * needs an authority key without one configured warns on stderr.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_ROOT, resourcePath } from '../../main/resources.js';
import { TEST_NOTICE_ID, testNoticeJson } from '../fixtures/notices.js';
import { demoPolicyJson, demoPolicyOnly } from '../fixtures/policy.js';
import { waitFor } from '../harness/gate.js';

const CLI = join(APP_ROOT, 'out', 'main', 'cli.js');
const sim = { device: { kind: 'simulated' } };
const lane = { id: 'l1', direction: 'entry', thermometer: sim, scanner: sim, relay: sim };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-start-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(fields: Record<string, unknown>): string {
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ dataDir: 'data', host: { port: 0 }, lanes: [lane], ...fields }));
  return file;
}

/** Runs `gate start --headless` to its end (for the cases that must not start). */
function startToEnd(config: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'start', '--headless', '--config', config], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stderr: r.stderr };
}

describe('configuration errors exit 2', () => {
  it('an invalid config', () => {
    const config = writeConfig({ lanes: [{ ...lane, relay: { ...sim, pulseMs: 9000 } }] });
    const r = startToEnd(config);
    expect(r.stderr).toContain(`config.invalid: ${config}: lanes.0.relay.pulseMs:`);
    expect(r.status).toBe(2);
  });

  it('an invalid policy file, named with its field', () => {
    const policy = demoPolicyJson();
    const rules = policy['rules'] as { kind: string; params: Record<string, unknown> }[];
    const temperature = rules.find((r) => r.kind === 'temperature');
    if (temperature !== undefined) temperature.params['thresholdC'] = 50;
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
    const r = startToEnd(writeConfig({ policyFile: 'policy.json' }));
    expect(r.stderr).toMatch(new RegExp(`config\\.policy\\.invalid: ${join(dir, 'policy.json')}: rules\\.2\\.params\\.thresholdC: `));
    expect(r.status).toBe(2);
  });

  it('a gate.policy/1 file, with how to migrate it', () => {
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ ...demoPolicyJson(), format: 'gate.policy/1' }));
    const r = startToEnd(writeConfig({ policyFile: 'policy.json' }));
    expect(r.stderr).toContain(`config.policy.old-format: ${join(dir, 'policy.json')}: format: "gate.policy/1" is no longer read;`);
    expect(r.stderr).toContain('Migrating a gate.policy/1 file');
    expect(r.status).toBe(2);
  });

  it('a policy that leaves out a check its notice makes mandatory', () => {
    const policy = demoPolicyJson();
    policy['rules'] = (policy['rules'] as { kind: string }[]).filter((r) => r.kind !== 'mask');
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
    const r = startToEnd(writeConfig({ policyFile: 'policy.json' }));
    expect(r.stderr).toContain(`config.policy.mandatory-check-missing: ${join(dir, 'policy.json')}: rules: notice "wuhan-2020-04-02" clause "4" makes "mask" mandatory`);
    expect(r.status).toBe(2);
  });

  // The notice's own error is logged (asynchronously, so not awaited here): test/notices/load.test.ts.
  it('a policy citing a data-folder notice that was left out as invalid: the policy is refused', () => {
    mkdirSync(join(dir, 'data', 'notices'), { recursive: true });
    writeFileSync(join(dir, 'data', 'notices', 'broken.json'), JSON.stringify({ ...testNoticeJson(), date: 'soon' }));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(demoPolicyOnly(['identity'])));
    const r = startToEnd(writeConfig({ policyFile: 'policy.json' }));
    expect(r.stderr).toContain(`config.policy.unknown-notice: ${join(dir, 'policy.json')}: notices.0: the notice catalogue has no notice "${TEST_NOTICE_ID}"`);
    expect(r.status).toBe(2);
  });

  it('a policy file that is not there, or not JSON', () => {
    const missing = startToEnd(writeConfig({ policyFile: 'nowhere.json' }));
    expect(missing.stderr).toContain(`config.policy.unreadable: ${join(dir, 'nowhere.json')}: ENOENT`);
    expect(missing.status).toBe(2);
    writeFileSync(join(dir, 'policy.json'), '{ not json');
    const garbled = startToEnd(writeConfig({ policyFile: 'policy.json' }));
    expect(garbled.stderr).toContain(`config.policy.json: ${join(dir, 'policy.json')}: not JSON`);
    expect(garbled.status).toBe(2);
  });
});

describe('a busy host.port', () => {
  let server: Server;
  beforeEach(() => new Promise<void>((resolve) => (server = createServer().listen(0, '127.0.0.1', resolve))));
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('says in one line which config field to change, and exits 1', () => {
    const port = (server.address() as { port: number }).port;
    const config = writeConfig({ host: { port } });
    const r = startToEnd(config);
    expect(r.stderr.trimEnd().split('\n')).toEqual([`host.port-in-use: 127.0.0.1:${port} is already in use: set host.port in ${config} to a free port (0 picks one)`]);
    expect(r.status).toBe(1);
  });
});

describe('a registration policy without authorityPublicKey', () => {
  /** Starts the gate, waits for its URL, stops it with SIGTERM; returns everything it wrote. */
  async function startAndStop(config: string): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [CLI, 'start', '--headless', '--config', config], { env: { ...process.env, GATE_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await waitFor('the kiosk URL', () => stdout.includes('kiosk UI: '), 20_000);
    } finally {
      child.kill('SIGTERM');
    }
    return { code: await exited, stderr };
  }

  it('warns at start, in the log and as a plain line on stderr', { timeout: 40_000 }, async () => {
    copyFileSync(resourcePath('policy', 'shijiazhuang-2021-wartime.json'), join(dir, 'policy.json'));
    const config = writeConfig({ policyFile: 'policy.json' });
    const r = await startAndStop(config);
    expect(r.stderr).toContain(`warning: config.no-authority-key: policy shijiazhuang-2021-wartime rule "registration" needs registrations, but ${config} has no authorityPublicKey`);
    const logged = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; code?: string });
    expect(logged).toContainEqual(expect.objectContaining({ level: 40, code: 'config.no-authority-key' }));
    expect(r.code).toBe(0);
  });

  it('does not warn once the key is configured', { timeout: 40_000 }, async () => {
    copyFileSync(resourcePath('policy', 'shijiazhuang-2021-wartime.json'), join(dir, 'policy.json'));
    const r = await startAndStop(writeConfig({ policyFile: 'policy.json', authorityPublicKey: 'A'.repeat(43) }));
    expect(r.stderr).not.toContain('config.no-authority-key');
    expect(r.code).toBe(0);
  });
});
