/**
 * Issue 8 §2 and §3, on the real gate process: killed with -9 in the middle of a pulse (the relay left on, as on
 * real hardware the gate would stay open), 20 times. After each restart the relay's pty must see every channel
 * driven to its safe state within 2 s of the process start and before the lane takes its first scan, and the
 * helpers of the gate's own simulator (a socat under a watching shell) must die with the gate, leaving no
 * process and no pty folder behind. Stopped by SIGTERM or SIGINT mid-pulse, the gate cuts the pulse short and
 * drives the safe state before it exits.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LcusRelaySimulator } from '../../drivers/relay/lcus/simulator.js';
import { LineScannerSimulator } from '../../drivers/scanner/line/simulator.js';
import { demoPolicyOnly } from '../fixtures/policy.js';
import { childPids, spawnGate, writeGateConfig, type ChildGate, type LogLine } from '../harness/child-gate.js';
import { waitFor } from '../harness/gate.js';
import { deviceLinkDir, PluggableDevice } from '../harness/pluggable-device.js';
import { pidsMentioning } from '../drivers/support.js';

const KILLS = 20;
const RESIDENT_ID = '11010519491231002X';
const JUNK = new TextEncoder().encode('not-a-credential\r');

const dir = mkdtempSync(join(tmpdir(), 'gate-kill9-'));
let configFile: string;
const links = deviceLinkDir();
// The relay simulator stamps commands with the wall clock, to compare with the gate's log times and its start.
const relay = PluggableDevice.in(links.dir, 'relay', (p) => LcusRelaySimulator.open(p, Date.now));
const scanner = PluggableDevice.in(links.dir, 'scanner', (p) => LineScannerSimulator.open(p));
let gate: ChildGate | undefined;

beforeAll(async () => {
  await relay.plug();
  await scanner.plug();
  // Identity alone decides: one scan is an admit, so every round can reach a pulse at once.
  configFile = writeGateConfig(dir, demoPolicyOnly(['identity']), {
    lanes: [
      {
        id: 'gate-1',
        direction: 'entry',
        thermometer: { device: { kind: 'simulated' } },
        scanner: { device: { kind: 'serial', path: scanner.hostPath } },
        relay: { device: { kind: 'serial', path: relay.hostPath }, channel: 1, pulseMs: 5000, safeState: ['off', 'on'] },
      },
    ],
  });
});

afterAll(async () => {
  await gate?.kill9();
  await scanner.close();
  await relay.close();
  await links.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the gate and waits until its lane takes scans; `from` is where the relay's commands of this start begin. */
async function startTakingScans(what: string): Promise<{ g: ChildGate; from: number; firstScan: LogLine }> {
  const from = relay.sim.commands().length;
  const g = spawnGate(configFile, { GATE_LOG_LEVEL: 'info' });
  gate = g;
  // Scans arrive from the moment the process starts; the first the lane takes is logged ("scan rejected").
  const spam = setInterval(() => void scanner.sim.injectRaw(JUNK), 20);
  const firstScan = await waitFor(`${what}: the first scan the lane takes`, () => g.logs.find((l) => l.msg === 'scan rejected'), 10_000).finally(() => clearInterval(spam));
  return { g, from, firstScan };
}

/** An admit, whose 5 s pulse switches channel 1 on: resolves the moment it is on. */
async function pulseOn(what: string): Promise<void> {
  const from = relay.sim.commands().length;
  await scanner.sim.scan(RESIDENT_ID);
  await waitFor(`${what}: the pulse to switch channel 1 on`, () => relay.sim.commands().slice(from).some((c) => c.channel === 1 && c.on));
}

const shown = (commands: readonly { channel: number; on: boolean }[]): string[] => commands.map((c) => `${c.channel}:${c.on ? 'on' : 'off'}`);

/** The process and every process under it, as /proc shows them now. */
function descendants(pid: number): number[] {
  const kids = childPids(pid);
  return kids.flatMap((k) => [k, ...descendants(k)]);
}

/** Gone, or a zombie nobody has reaped yet (it holds nothing). */
const dead = (pid: number): boolean => !existsSync(`/proc/${pid}`) || / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

describe('a gate killed with -9 in the middle of a pulse', () => {
  it(`drives the relay to its safe state first at every restart (${KILLS} kills), and leaves no socat or pty folder behind`, { timeout: 120_000 }, async () => {
    const safeAfterStartMs: number[] = [];
    const leadOverFirstScanMs: number[] = [];
    for (let round = 1; round <= KILLS; round++) {
      const { g, from, firstScan } = await startTakingScans(`round ${round}`);
      const sinceStart = relay.sim.commands().slice(from);
      expect(shown(sinceStart.slice(0, 2))).toEqual(['1:off', '2:on']);
      const safeAt = sinceStart[0]?.at ?? Number.NaN;
      safeAfterStartMs.push(safeAt - g.spawnedAt);
      leadOverFirstScanMs.push(firstScan.time - safeAt);

      const simulated = g.logs.filter((l) => typeof l['path'] === 'string' && (l['path'] as string).startsWith('simulated:')).map((l) => dirname((l['path'] as string).slice('simulated:'.length)));
      expect(simulated).toHaveLength(1);
      const helpers = descendants(g.pid);
      expect(helpers.length).toBeGreaterThanOrEqual(2); // the watching shell and its socat
      await pulseOn(`round ${round}`);
      await g.kill9();
      expect(relay.sim.commands().at(-1)).toMatchObject({ channel: 1, on: true }); // left on: only the next start can help

      const ptyDir = simulated[0] ?? '';
      await waitFor(`round ${round}: the simulator's socat and ${ptyDir} to be gone`, () => helpers.every(dead) && pidsMentioning(ptyDir).length === 0 && !existsSync(ptyDir), 3000);
    }
    expect(Math.max(...safeAfterStartMs)).toBeLessThan(2000);
    expect(Math.min(...leadOverFirstScanMs)).toBeGreaterThan(0);
    console.log(
      `relay kill -9: ${KILLS} kills; safe state ${Math.min(...safeAfterStartMs)}–${Math.max(...safeAfterStartMs)} ms after process start, ` +
        `${Math.min(...leadOverFirstScanMs)}–${Math.max(...leadOverFirstScanMs)} ms before the first scan was taken`,
    );
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`cuts the pulse short and drives the safe state when stopped by ${signal}`, { timeout: 30_000 }, async () => {
      const { g } = await startTakingScans(signal);
      await pulseOn(signal);
      const from = relay.sim.commands().length - 1;
      const stopped = Date.now();
      expect(await g.stop(signal)).toBe(0);
      const after = relay.sim.commands().slice(from);
      expect(shown(after)).toEqual(['1:on', '1:off', '1:off', '2:on']);
      expect((after[1]?.at ?? Number.NaN) - stopped).toBeLessThan(1000); // not the 5 s the pulse asked for
    });
  }
});
