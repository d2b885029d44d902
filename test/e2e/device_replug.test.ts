/**
 * Issue 8 §3 on the real gate process: each device kind is unplugged and plugged in again 20 times, its path a
 * symlink under /dev (as a by-id name is) that vanishes with the device and comes back pointing at a new pty.
 * After each replug a visitor is admitted within 5 s, with the gate's default reopen backoff; the relay's new
 * link hears the safe state before its first pulse; the gate logs each loss a bounded number of times (never
 * once per attempt or per poll); and its open file descriptors and child processes end at their baseline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LcusRelaySimulator } from '../../drivers/relay/lcus/simulator.js';
import { LineScannerSimulator } from '../../drivers/scanner/line/simulator.js';
import { GyMcu90614Simulator } from '../../drivers/thermometer/gy-mcu90614/simulator.js';
import type { DeviceRole } from '../../src/devices/status.js';
import { demoPolicyOnly } from '../fixtures/policy.js';
import { childPids, connectViews, openFds, spawnGate, writeGateConfig, type ChildGate, type ViewClient } from '../harness/child-gate.js';
import { OFFSET_C, waitFor } from '../harness/gate.js';
import { deviceLinkDir, PluggableDevice } from '../harness/pluggable-device.js';

const CYCLES = 20;
const ADMIT_WITHIN_MS = 5000;
const RESIDENT_ID = '11010519491231002X';
const AMBIENT = { objectC: 24.5, ambientC: 24.5 };
const PERSON = { objectC: 36.5 - OFFSET_C, ambientC: 24.5 };

const dir = mkdtempSync(join(tmpdir(), 'gate-replug-'));
let configFile: string;
const links = deviceLinkDir();
const devices = {
  thermometer: PluggableDevice.in(links.dir, 'thermometer', (p) => GyMcu90614Simulator.open(p)),
  scanner: PluggableDevice.in(links.dir, 'scanner', (p) => LineScannerSimulator.open(p)),
  relay: PluggableDevice.in(links.dir, 'relay', (p) => LcusRelaySimulator.open(p)),
};
let gate: ChildGate | undefined;
let views: ViewClient | undefined;

beforeAll(async () => {
  for (const d of Object.values(devices)) await d.plug();
  devices.thermometer.sim.setScene(AMBIENT);
  const serial = (d: PluggableDevice<unknown & { close(): Promise<void> }>) => ({ device: { kind: 'serial', path: d.hostPath } });
  // Identity and temperature: every device takes part in each admit. (The mask needs a tap on the screen.)
  configFile = writeGateConfig(dir, demoPolicyOnly(['identity', 'temperature']), {
    session: { verdictDisplayMs: 1000 },
    lanes: [
      {
        id: 'gate-1',
        direction: 'entry',
        thermometer: { ...serial(devices.thermometer), offsetC: OFFSET_C, queryHz: 9 },
        scanner: serial(devices.scanner),
        relay: { ...serial(devices.relay), pulseMs: 100 },
      },
    ],
  });
  gate = spawnGate(configFile, { GATE_LOG_LEVEL: 'info' });
  views = await connectViews(await gate.url());
}, 60_000);

afterAll(async () => {
  views?.close();
  await gate?.stop();
  for (const d of Object.values(devices)) await d.close();
  await links.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The devices this test unplugs: the thermometer, the lane's one scanner, the relay. */
type Replugged = keyof typeof devices;

const linkState = (role: DeviceRole): string | undefined => views?.latest()?.devices.find((d) => d.role === role)?.link.state;
const screen = () => views?.latest()?.lanes[0]?.screen;

/** One visitor: scans, steps up to the thermometer, is admitted (the relay switches on), steps away. */
async function admitOne(what: string): Promise<void> {
  await waitFor(`${what}: every device ready`, () => (['thermometer', 'scanner', 'relay'] as const).every((r) => linkState(r) === 'ready'));
  const relay = devices.relay.sim;
  const from = relay.commands().length;
  await devices.scanner.sim.scan(RESIDENT_ID);
  await waitFor(`${what}: the session to open`, () => screen()?.kind === 'collecting');
  devices.thermometer.sim.setScene(PERSON);
  await waitFor(`${what}: the admit's pulse`, () => relay.commands().slice(from).some((c) => c.on), ADMIT_WITHIN_MS);
  // Away from the sensor: one empty frame, and the next visitor's reading is theirs.
  let frames = 0;
  const unsubscribe = devices.thermometer.sim.onFrameWritten(() => (frames += 1));
  devices.thermometer.sim.setScene(AMBIENT);
  await waitFor(`${what}: the visitor to step away`, () => frames >= 2).finally(unsubscribe);
}

/** Unplugs `role`, waits until the gate sees it gone, plugs it in again; returns how long until the next visitor was admitted. */
async function replug(role: Replugged, what: string): Promise<number> {
  await devices[role].unplug();
  await waitFor(`${what}: the gate to see the ${role} gone`, () => ['offline', 'error'].includes(linkState(role) ?? ''));
  const plugged = Date.now();
  await devices[role].plug();
  if (role === 'thermometer') devices.thermometer.sim.setScene(AMBIENT);
  await admitOne(what);
  if (role === 'relay') expect(devices.relay.sim.commands()[0]).toMatchObject({ channel: 1, on: false }); // the safe state came first
  return Date.now() - plugged;
}

const waitForBaseline = (what: string, now: () => number, baseline: number): Promise<true> => waitFor(`${what} back at ${baseline}`, () => now() === baseline || undefined, 3000);

describe('devices unplugged and plugged in again while the gate runs', () => {
  it(`admit a visitor within ${ADMIT_WITHIN_MS / 1000} s of every replug (${CYCLES} per device kind), leaving no fd or process behind`, { timeout: 150_000 }, async () => {
    const pid = gate?.pid ?? Number.NaN;
    await admitOne('first visitor');
    // One replug of each kind first: whatever the gate opens once, lazily, is in the baseline.
    for (const role of ['thermometer', 'scanner', 'relay'] as const) await replug(role, `warm-up ${role}`);
    const baseline = { fds: openFds(pid), children: childPids(pid).length };
    const logsBefore = gate?.logs.length ?? 0;

    const worst: Record<Replugged, number> = { thermometer: 0, scanner: 0, relay: 0 };
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      for (const role of ['thermometer', 'scanner', 'relay'] as const) {
        worst[role] = Math.max(worst[role], await replug(role, `cycle ${cycle} ${role}`));
      }
    }
    for (const role of ['thermometer', 'scanner', 'relay'] as const) expect(worst[role]).toBeLessThan(ADMIT_WITHIN_MS);

    await waitForBaseline('open fds', () => openFds(pid), baseline.fds);
    await waitForBaseline('child processes', () => childPids(pid).length, baseline.children);

    // Per unplug the supervisor says: link lost, offline (maybe), ready; the lane's poll: failing, going through again.
    const logs = (gate?.logs ?? []).slice(logsBefore);
    const deviceLines = logs.filter((l) => l.ns === 'gate:devices');
    expect(deviceLines.length).toBeLessThanOrEqual(3 * 3 * CYCLES);
    expect(logs.filter((l) => l.msg.startsWith('thermometer query failed')).length).toBeLessThanOrEqual(CYCLES);
    const counts = views?.latest()?.devices.map((d) => `${d.role}: lost ${d.linkCounts.lost}`);
    console.log(
      `replug: ${CYCLES} cycles per kind (+1 warm-up); slowest replug → admit ms: thermometer ${worst.thermometer}, scanner ${worst.scanner}, relay ${worst.relay}; ` +
        `fds ${baseline.fds} → ${openFds(pid)}, children ${baseline.children} → ${childPids(pid).length}; ${deviceLines.length} device log lines; ${counts?.join(', ')}`,
    );
  });
});
