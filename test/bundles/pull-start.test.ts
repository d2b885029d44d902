/**
 * Where bundles come from, as startBundlePull decides it from config (main/bundles/pull.ts), its
 * configuration failures (field-named, `config.bundles`), and the gate's wiring (main/gate.ts): a gate
 * given a bundle sink pulls into it from start, and stops pulling when it closes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../main/config/load.js';
import { type Gate, startGate } from '../../main/gate.js';
import { startBundlePull } from '../../main/bundles/pull.js';
import type { BundlesConfig } from '../../src/config/bundles.js';
import { uplinkConfig } from '../../src/config/uplink.js';
import { capturedLog } from '../harness/captured-log.js';
import { waitFor } from '../harness/gate.js';
import { BundleServer } from './bundle-server.js';
import { bundle, signingKey } from './signed.js';
import { VerifyingSink } from './sinks.js';

const key = signingKey('platform-1');
const bundles: BundlesConfig = { keys: [key.config], pullEveryMs: 300_000, policyFile: 'allowed' };
const mqttUplink = uplinkConfig.parse({ gateId: 'gate-a', transport: { kind: 'mqtt', url: 'mqtt://127.0.0.1:1' } });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bundles-pull-start-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('startBundlePull', () => {
  it('pulls nothing without a bundles block', () => {
    const started = startBundlePull({ config: { uplink: mqttUplink }, sink: new VerifyingSink([]), log: capturedLog().log });
    expect(started.ok && started.value.view()).toBeNull();
  });

  it('pulls nothing, with a warning, when bundles are configured but there is no uplink and no bundles.url', () => {
    const { log, lines } = capturedLog();
    const started = startBundlePull({ config: { bundles }, sink: new VerifyingSink([]), log });
    expect(started.ok && started.value.view()).toBeNull();
    expect(lines.filter((l) => l['code'] === 'bundles.no-source').map((l) => l.level)).toEqual([40]);
  });

  it('refuses an MQTT pull without bundles.district, naming the field', () => {
    const started = startBundlePull({ config: { bundles, uplink: mqttUplink }, sink: new VerifyingSink([]), log: capturedLog().log });
    expect(started).toMatchObject({ ok: false, error: { code: 'config.bundles', path: 'bundles.district' } });
  });

  it('refuses an unreadable credential of the uplink it shares, naming the field', () => {
    const uplink = uplinkConfig.parse({ gateId: 'gate-a', transport: { kind: 'https', url: 'https://127.0.0.1:1/gates', tokenFile: join(dir, 'missing.token') } });
    const started = startBundlePull({ config: { bundles, uplink }, sink: new VerifyingSink([]), log: capturedLog().log });
    expect(started).toMatchObject({ ok: false, error: { code: 'config.bundles', path: 'uplink.transport.tokenFile' } });
  });

  it('refuses a plain http:// bundles.url that the uplink’s pinned CA would silently not protect', () => {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, 'not used');
    const uplink = uplinkConfig.parse({ gateId: 'gate-a', transport: { kind: 'https', url: 'https://127.0.0.1:1/gates', caFile: ca } });
    const started = startBundlePull({ config: { bundles: { ...bundles, url: 'http://127.0.0.1:1/bundles' }, uplink }, sink: new VerifyingSink([]), log: capturedLog().log });
    expect(started).toMatchObject({ ok: false, error: { code: 'config.bundles', path: 'uplink.transport.caFile' } });
    expect(!started.ok && started.error.message).toContain('bundles.url');
  });
});

describe('a gate with bundles', () => {
  let server: BundleServer;
  let gate: Gate | undefined;
  beforeEach(async () => {
    server = await BundleServer.start();
  });
  afterEach(async () => {
    await gate?.close();
    gate = undefined;
    await server.close();
  });

  function config(over: Record<string, unknown>) {
    const sim = { device: { kind: 'simulated' } };
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ dataDir: 'data', host: { port: 0 }, lanes: [{ id: 'l1', direction: 'entry', thermometer: sim, scanner: sim, relay: sim }], ...over }),
    );
    const c = loadConfig(join(dir, 'config.json'), {});
    if (!c.ok) throw new Error(JSON.stringify(c.error));
    return c.value;
  }
  const bundlesJson = { keys: [key.config], pullEveryMs: 1000 };

  it('pulls into its bundle sink from start, from bundles.url, and stops when it closes', async () => {
    server.publish('notices', bundle(key, 'notices', 1));
    const sink = new VerifyingSink([key.config]);
    const started = await startGate(config({ bundles: { ...bundlesJson, url: server.url } }), { bundleSink: sink });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    gate = started.value;
    await waitFor('the notices applied', () => sink.version('notices') === 1);
    expect(server.openConnections).toBe(1);
    // The technician sees the pull in the gate's view: how it comes, what came, and when each kind last did.
    await waitFor('the view counts it', () => (gate?.view().bundlePull?.applied ?? 0) >= 1);
    const pulled = gate.view().bundlePull;
    expect(pulled).toMatchObject({ via: 'https', failing: null });
    expect(pulled?.lastSuccessAt.notices).toEqual(expect.any(Number));
    await gate.close();
    gate = undefined;
    // The pull's keep-alive connection (which the server never closes) goes with it.
    await waitFor('the pull’s connection closed', () => server.openConnections === 0, 3000);
  });

  it('does not start with an MQTT uplink and no bundles.district: a configuration failure naming the field', async () => {
    const started = await startGate(config({ bundles: bundlesJson, uplink: { gateId: 'gate-a', transport: { kind: 'mqtt', url: 'mqtt://127.0.0.1:1' } } }), { bundleSink: new VerifyingSink([]) });
    expect(started).toMatchObject({ ok: false, error: [{ code: 'config.bundles', path: 'bundles.district' }] });
  });
});
