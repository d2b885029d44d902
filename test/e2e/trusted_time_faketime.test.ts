/**
 * Issue 13 from the outside, time: the real gate process under libfaketime (wall clock stepped from a file,
 * monotonic clock left alone) with a test platform. A jump forward is journaled untrusted and `gate purge`
 * refuses; a restart with the clock still ahead stays untrusted; the platform's signed time echoing the
 * nonce (docs/uplink.md §2.6, a `time`-scoped key) is refused while the clocks disagree and restores trust
 * once they agree, and then purge runs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyOnly } from '../fixtures/policy.js';
import { spawnGate, writeGateConfig, type ChildGate } from '../harness/child-gate.js';
import { waitFor } from '../harness/gate.js';
import { readEvents } from '../harness/journal.js';
import { gate, gateOk } from './gate-cli.js';
import { Platform, signedTime } from './platform.js';

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const dir = mkdtempSync(join(tmpdir(), 'gate-e2e-time-'));
const at = (name: string): string => join(dir, name);
const journal = at('data/journal.sqlite');
const offsetFile = at('faketime');
const FAKETIME = { LD_PRELOAD: LIBFAKETIME, FAKETIME_TIMESTAMP_FILE: offsetFile, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' };
let platform: Platform;
let child: ChildGate | undefined;
let configFile: string;

const setWallOffset = (offset: string): void => writeFileSync(offsetFile, `${offset}\n`);
const clockEvents = () => readEvents(journal, ['clock.untrusted', 'clock.trusted', 'clock.sync-refused']);
const start = async (): Promise<void> => {
  child = spawnGate(configFile, FAKETIME);
  await child.url();
};
const purge = () => gate(['purge', '--days', '30', '--config', configFile]);

beforeAll(async () => {
  if (!existsSync(LIBFAKETIME)) throw new Error(`${LIBFAKETIME} is missing: install Debian's faketime package`);
  platform = await Platform.start();
  gateOk(['bundle', 'keygen', '--kid', 'time-1', '--out', at('keys')]);
  const pub = JSON.parse(readFileSync(at('keys/time-1.public.json'), 'utf8')) as { kid: string; publicKey: string };
  const sim = { device: { kind: 'simulated' } };
  configFile = writeGateConfig(dir, demoPolicyOnly(['identity', 'temperature']), {
    lanes: [{ id: 'l1', direction: 'entry', thermometer: sim, scanner: sim, relay: sim }],
    clock: { ntp: 'off', syncToleranceMs: 2000 },
    uplink: { gateId: 'gate-03', transport: { kind: 'https', url: platform.recordsUrl, timeoutMs: 2000 }, heartbeatEveryMs: 1000, retry: { firstDelayMs: 100, maxDelayMs: 1000 } },
    bundles: { keys: [{ ...pub, kinds: ['time'] }], url: `${platform.origin}/bundles` },
  });
  setWallOffset('+0');
  await start();
}, 30_000);

afterAll(async () => {
  await child?.stop();
  await platform?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('time the gate can trust, on the real process', () => {
  it('journals a jump forward as untrusted, reports it in the heartbeat, and purge refuses', async () => {
    await waitFor('a trusted heartbeat', () => platform.heartbeats.at(-1)?.clock.trusted === true || undefined, 10_000);
    setWallOffset('+100m');
    const untrusted = await waitFor('clock.untrusted', () => clockEvents().find((e) => e.kind === 'clock.untrusted'), 10_000);
    expect(untrusted.detail).toMatchObject({ reason: 'jump-forwards' });
    await waitFor('an untrusted heartbeat', () => platform.heartbeats.at(-1)?.clock.trusted === false || undefined, 10_000);
    const r = purge();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('purge.clock-untrusted');
  }, 30_000);

  it('stays untrusted across a restart with the clock still ahead', async () => {
    await child?.stop();
    const before = clockEvents().length;
    await start();
    const again = await waitFor('clock.untrusted at restart', () => clockEvents().slice(before).find((e) => e.kind === 'clock.untrusted'), 10_000);
    expect(again.detail).toMatchObject({ reason: 'untrusted-at-restart', previously: 'trusted' });
    await waitFor('an untrusted heartbeat after the restart', () => platform.heartbeats.at(-1)?.clock.trusted === false || undefined, 10_000);
    expect(purge().stderr).toContain('purge.clock-untrusted');
  }, 30_000);

  it('refuses the platform’s signed time while the clocks disagree, and trusts it once they agree', async () => {
    const secret = JSON.parse(readFileSync(at('keys/time-1.secret.jwk.json'), 'utf8')) as { kid: string };
    platform.timeSigner = (nonce) => signedTime(secret, nonce, Date.now());
    const refusal = await waitFor('clock.sync-refused', () => clockEvents().find((e) => e.kind === 'clock.sync-refused'), 10_000);
    expect(refusal.detail).toMatchObject({ code: 'time.outside-tolerance' });
    expect(clockEvents().some((e) => e.kind === 'clock.trusted')).toBe(false);
    setWallOffset('+0');
    const trusted = await waitFor('clock.trusted', () => clockEvents().find((e) => e.kind === 'clock.trusted'), 15_000);
    expect(trusted.detail).toMatchObject({ source: 'platform:time-1' });
    expect(Math.abs(Number(trusted.detail['offsetMs']))).toBeLessThanOrEqual(2000);
    // Heartbeats keep their pace though the wall clock just stepped back 100 minutes.
    await waitFor('a trusted heartbeat', () => platform.heartbeats.at(-1)?.clock.trusted === true || undefined, 10_000);
    const p = purge();
    expect(p.stderr).not.toContain('purge.clock');
    expect(p.code).toBe(0);
  }, 40_000);
});
