/**
 * The HTTPS bundle pull (main/bundles/pull-https.ts through startBundlePull) against a real HTTPS bundle
 * endpoint (bundle-server.ts: throw-away CA, pinned; a bearer token) serving bundles signed with
 * main/bundles/jws.ts, into a sink that verifies them with readBundle: ETags and If-None-Match, new
 * versions, refusals fetched again, failures with backoff and recovery, TLS pinning, oversized and
 * mistyped bodies.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BundlePull, startBundlePull } from '../../main/bundles/pull.js';
import { type BundlePullView, PULL_ORDER } from '../../main/bundles/pull-tally.js';
import { MAX_BUNDLE_BYTES } from '../../src/bundles/envelope.js';
import { BUNDLE_KINDS } from '../../src/bundles/kinds.js';
import type { BundlesConfig } from '../../src/config/bundles.js';
import { type UplinkConfig, uplinkConfig } from '../../src/config/uplink.js';
import { type CapturedLine, capturedLog } from '../harness/captured-log.js';
import { waitFor } from '../harness/gate.js';
import { type TestCerts, makeTestCerts } from '../uplink/certs.js';
import { tempFolder } from '../uplink/support.js';
import { BundleServer } from './bundle-server.js';
import { type SigningKey, bundle, signingKey } from './signed.js';
import { RecordingSink, VerifyingSink } from './sinks.js';

const TOKEN = 'gate-a-token';
const platformKey = signingKey('platform-1');
const otherKey = signingKey('platform-2');

let certs: TestCerts;
let tmp: ReturnType<typeof tempFolder>;
let server: BundleServer;
let pull: BundlePull | undefined;
let lines: CapturedLine[];

beforeAll(() => {
  certs = makeTestCerts();
});
afterAll(() => certs.remove());
beforeEach(async () => {
  tmp = tempFolder('bundles-pull-https-');
  writeFileSync(join(tmp.dir, 'token'), `${TOKEN}\n`);
  server = await BundleServer.start({ tls: { cert: certs.server.cert, key: certs.server.key }, token: TOKEN });
});
afterEach(async () => {
  await pull?.stop();
  pull = undefined;
  await server.close();
  tmp.remove();
});

/** An HTTPS uplink to the test server's origin (the bundles come from its `/bundles`), pinned to the test CA. */
function uplink(over: { caFile?: string; timeoutMs?: number } = {}): UplinkConfig {
  return uplinkConfig.parse({
    gateId: 'gate-a',
    transport: { kind: 'https', url: `${server.origin}/gates/records`, caFile: certs.ca, tokenFile: join(tmp.dir, 'token'), timeoutMs: 500, ...over },
    retry: { firstDelayMs: 100, maxDelayMs: 1000 },
  });
}

/** `pullEveryMs` below the config's 1 s floor: the tests go round faster than a gate would. */
function bundles(over: Partial<BundlesConfig> = {}): BundlesConfig {
  return { keys: [platformKey.config], pullEveryMs: 150, policyFile: 'allowed', ...over };
}

function start(sink: VerifyingSink | RecordingSink, config: { bundles: BundlesConfig; uplink?: UplinkConfig }): BundlePull {
  const captured = capturedLog();
  lines = captured.lines;
  const started = startBundlePull({ config, sink, log: captured.log });
  if (!started.ok) throw new Error(started.error.message);
  pull = started.value;
  return started.value;
}

const viewOf = (p: BundlePull): BundlePullView => {
  const v = p.view();
  if (v === null) throw new Error('no view');
  return v;
};

const publish = (key: SigningKey, kind: Parameters<typeof bundle>[1], version: number): string => server.publish(kind, bundle(key, kind, version));

describe('pulling bundles over HTTPS', () => {
  it('fetches every kind at start from the uplink’s origin + /bundles, district key first, with the token over the pinned CA; then 304 to If-None-Match', async () => {
    const policyTag = publish(platformKey, 'policy', 1);
    publish(platformKey, 'residents', 1);
    const sink = new VerifyingSink([platformKey.config]);
    const p = start(sink, { bundles: bundles(), uplink: uplink() });

    await waitFor('two rounds', () => server.requests.length >= 2 * BUNDLE_KINDS.length);
    expect(server.requests.slice(0, BUNDLE_KINDS.length).map((r) => r.kind)).toEqual(PULL_ORDER);
    expect(PULL_ORDER.slice(0, 3)).toEqual(['district-key', 'notices', 'policy']);
    expect([...PULL_ORDER].sort()).toEqual([...BUNDLE_KINDS].sort());
    expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const [first, second] = server.requestsFor('policy');
    expect(first).toMatchObject({ ifNoneMatch: undefined, status: 200 });
    expect(second).toMatchObject({ ifNoneMatch: policyTag, status: 304 });
    expect(server.requestsFor('notices').slice(0, 2).map((r) => [r.ifNoneMatch, r.status])).toEqual([[undefined, 404], [undefined, 404]]);
    expect(sink.outcomes().sort()).toEqual(['applied:policy:1', 'applied:residents:1']);
    expect(sink.offers.every((o) => o.source === 'uplink:https')).toBe(true);
    const v = viewOf(p);
    expect(v).toMatchObject({ via: 'https', fetched: 2, applied: 2, unchanged: 0, refused: 0, failures: 0, failing: null });
    for (const kind of BUNDLE_KINDS) expect(v.lastSuccessAt[kind], kind).toBeTypeOf('number');
  });

  it('fetches a new version once the platform publishes it, asking with the old one’s ETag', async () => {
    const v1 = publish(platformKey, 'quarantine', 1);
    const sink = new VerifyingSink([platformKey.config]);
    start(sink, { bundles: bundles(), uplink: uplink() });
    await waitFor('a 304 for v1', () => server.requestsFor('quarantine').some((r) => r.status === 304));

    const v2 = publish(platformKey, 'quarantine', 2);
    await waitFor('v2 applied', () => sink.version('quarantine') === 2);
    const got = server.requestsFor('quarantine').find((r) => r.status === 200 && r.ifNoneMatch !== undefined);
    expect(got?.ifNoneMatch).toBe(v1);
    await waitFor('a 304 for v2', () => server.requestsFor('quarantine').some((r) => r.status === 304 && r.ifNoneMatch === v2));
    expect(sink.outcomes()).toEqual(['applied:quarantine:1', 'applied:quarantine:2']);
  });

  it('keeps no ETag for a refused bundle: fetched again every round (asking with the one in force) until the gate can take it', async () => {
    const v1 = publish(platformKey, 'residents', 1);
    const sink = new VerifyingSink([platformKey.config]);
    const p = start(sink, { bundles: bundles(), uplink: uplink() });
    await waitFor('v1 applied', () => sink.version('residents') === 1);

    // Signed by a key this gate does not trust yet (a key the technician has not configured).
    const v2 = publish(otherKey, 'residents', 2);
    await waitFor('v2 refused in two rounds', () => sink.outcomes().filter((o) => o === 'bundle.unknown-key').length >= 2);
    const refetched = server.requestsFor('residents').filter((r) => r.status === 200).slice(1);
    expect(refetched.length).toBeGreaterThanOrEqual(2);
    expect(refetched.every((r) => r.ifNoneMatch === v1)).toBe(true);
    expect(viewOf(p).refused).toBeGreaterThanOrEqual(2);
    expect(viewOf(p).failures).toBe(0);
    expect(lines.some((l) => l.msg === 'bundle refused' && l['code'] === 'bundle.unknown-key')).toBe(true);

    sink.trust([otherKey.config]);
    await waitFor('v2 applied', () => sink.version('residents') === 2);
    await waitFor('a 304 for v2', () => server.requestsFor('residents').some((r) => r.status === 304 && r.ifNoneMatch === v2));
  });

  it('counts a 500 as a failure, retries after the backoff (well before pullEveryMs) and recovers', async () => {
    publish(platformKey, 'policy', 1);
    server.fail.set('policy', { status: 500, times: 2 });
    const sink = new VerifyingSink([platformKey.config]);
    const p = start(sink, { bundles: bundles({ pullEveryMs: 60_000 }), uplink: uplink() });

    await waitFor('the first 500', () => viewOf(p).failing !== null);
    expect(viewOf(p).failing).toMatchObject({ code: 'uplink.http-status' });
    expect(sink.offers).toHaveLength(0);
    // A status for one kind does not end the round: the kinds after it were asked too.
    await waitFor('the round went on', () => server.requestsFor('notices').length >= 1);
    await waitFor('policy applied after two 500s', () => sink.version('policy') === 1, 5_000);
    expect(server.requestsFor('policy').map((r) => r.status)).toEqual([500, 500, 200]);
    await waitFor('a whole round through', () => viewOf(p).failing === null);
    expect(viewOf(p)).toMatchObject({ failures: 2, applied: 1 });
    expect(lines.filter((l) => l.msg === 'bundle pull failing')).toHaveLength(1);
    expect(lines.some((l) => l.msg === 'bundle pull working again')).toBe(true);
  });

  it('counts a timeout as a failure that ends the round (the rest would time out too), then recovers', async () => {
    publish(platformKey, 'policy', 1);
    server.hang.add('district-key');
    const sink = new VerifyingSink([platformKey.config]);
    const p = start(sink, { bundles: bundles({ pullEveryMs: 60_000 }), uplink: uplink({ timeoutMs: 500 }) });

    await waitFor('a timeout', () => viewOf(p).failing?.code === 'uplink.timeout', 5_000);
    expect(server.requests.filter((r) => r.kind !== 'district-key')).toHaveLength(0);
    server.hang.delete('district-key');
    await waitFor('policy applied', () => sink.version('policy') === 1, 10_000);
    await waitFor('a whole round through', () => viewOf(p).failing === null);
    expect(viewOf(p).failures).toBeGreaterThanOrEqual(1);
  });

  it('fetches nothing from a server whose certificate is not from the pinned CA: uplink.tls', async () => {
    publish(platformKey, 'policy', 1);
    const sink = new VerifyingSink([platformKey.config]);
    const p = start(sink, { bundles: bundles(), uplink: uplink({ caFile: certs.otherCa }) });
    await waitFor('a TLS failure', () => viewOf(p).failing?.code === 'uplink.tls');
    expect(server.requests).toHaveLength(0);
    expect(sink.offers).toHaveLength(0);
  });

  it('cuts off and refuses a body larger than MAX_BUNDLE_BYTES, streamed or announced, without offering it', async () => {
    server.reply.set('policy', { status: 200, headers: { 'content-type': 'application/jose' }, endless: Buffer.alloc(1 << 20, 'a') });
    server.reply.set('notices', { status: 200, headers: { 'content-type': 'application/jose', 'content-length': String(MAX_BUNDLE_BYTES + 1) } });
    const sink = new VerifyingSink([platformKey.config]);
    const p = start(sink, { bundles: bundles({ pullEveryMs: 60_000 }), uplink: uplink({ timeoutMs: 10_000 }) });
    await waitFor('both refused', () => viewOf(p).refused === 2, 20_000);
    expect(sink.offers).toHaveLength(0);
    expect(viewOf(p)).toMatchObject({ fetched: 2, failures: 0 });
    expect(lines.filter((l) => l.msg === 'bundle refused' && l['code'] === 'bundle.too-large').map((l) => l['kind']).sort()).toEqual(['notices', 'policy']);
  });

  it('takes no HTML page for a bundle (bundles.content-type), and a 304 to a request without If-None-Match is a failure', async () => {
    server.reply.set('policy', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>captive portal</html>' });
    server.reply.set('notices', { status: 304 });
    const sink = new VerifyingSink([platformKey.config]);
    start(sink, { bundles: bundles({ pullEveryMs: 60_000 }), uplink: uplink() });
    await waitFor('two failures', () => lines.filter((l) => l.msg.startsWith('bundle pull failed') || l.msg === 'bundle pull failing').length >= 2);
    const failed = lines.filter((l) => l.msg.startsWith('bundle pull fail')).map((l) => `${String(l['kind'])} ${String(l['code'])}`);
    expect(failed).toContain('policy bundles.content-type');
    expect(failed).toContain('notices uplink.http-status');
    expect(sink.offers).toHaveLength(0);
  });

  it('fetches from bundles.url when given, with the uplink’s credentials', async () => {
    await server.close();
    server = await BundleServer.start({ path: '/district-1/gate-bundles', tls: { cert: certs.server.cert, key: certs.server.key }, token: TOKEN });
    publish(platformKey, 'issuer-keys', 3);
    const sink = new VerifyingSink([platformKey.config]);
    start(sink, { bundles: bundles({ url: server.url }), uplink: uplink() });
    await waitFor('issuer keys applied', () => sink.version('issuer-keys') === 3);
    expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('survives a sink that throws (a bug): logged, counted as a failure, and the next bundle is offered', async () => {
    publish(platformKey, 'policy', 1);
    const sink = new RecordingSink({ kind: 'policy', version: 1 });
    sink.throwNext = true;
    const p = start(sink, { bundles: bundles(), uplink: uplink() });
    await waitFor('offered twice', () => sink.offers.length >= 2);
    expect(lines.some((l) => l.msg.startsWith('the bundle sink threw'))).toBe(true);
    expect(viewOf(p)).toMatchObject({ applied: 1, failures: 1 });
  });
});
