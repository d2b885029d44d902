/**
 * A real gate for integration tests: simulated devices on socat ptys through the real serialport
 * binding, a real SQLite journal in a temp folder, the real headless host. Nothing is mocked.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../main/config/load.js';
import type { SimulatedReader } from '../../main/devices.js';
import type { RelaySimulator } from '../../drivers/relay/relay.js';
import type { ThermometerSimulator } from '../../drivers/thermometer/thermometer.js';
import type { GateDeps } from '../../main/gate.js';
import { JOURNAL_FILE } from '../../main/journal/file.js';
import { startHeadlessApp, type HeadlessApp } from '../../main/headless-app.js';
import type { Lane } from '../../main/lane/lane.js';
import { installTestNotice } from '../fixtures/notices.js';
import { checksPolicyJson } from '../fixtures/policy.js';

/** A lane's simulators, all there (the harness simulates every device). */
export interface TestSims {
  readonly thermometer: ThermometerSimulator;
  readonly relay: RelaySimulator;
  /** In config order. */
  readonly readers: readonly SimulatedReader[];
  /** The first scanner-kind reader, typing a code as a serial-emulation scanner does (the text, then CR). */
  readonly scanner: { scan(text: string): Promise<void> };
}

export interface TestGate {
  readonly app: HeadlessApp;
  readonly dir: string;
  readonly policyFile: string;
  readonly journalFile: string;
  /** The first lane and its simulators. */
  readonly lane: Lane;
  readonly sims: TestSims;
  laneById(id: string): { lane: Lane; sims: TestSims };
  close(): Promise<void>;
}

export interface TestGateOptions {
  readonly direction?: 'entry' | 'exit';
  /** Several lanes; default one lane `t1` in `direction`. `inputs`: the lane's wired inputs as config writes them. */
  readonly lanes?: readonly { id: string; direction: 'entry' | 'exit'; inputs?: readonly Record<string, unknown>[] }[];
  /** Every lane's `readers` config; default the deprecated `scanner` of a simulated line scanner, as configs before `readers` had it. */
  readonly readers?: readonly Record<string, unknown>[];
  /** Every lane's relay config, over the simulated device (`{"protocol": "hid-relay"}`); default a simulated LCUS board. */
  readonly relay?: Record<string, unknown>;
  /** Every lane's thermometer config, over the simulated device, offset and query rate the harness sets. */
  readonly thermometer?: Record<string, unknown>;
  readonly session?: { stepTimeoutMs?: number; sessionTimeoutMs?: number; verdictDisplayMs?: number };
  /** A policy file to copy in instead of the checks policy (fixtures/policy.ts: the demo's identity, temperature and mask rules). */
  readonly policy?: string;
  /** Or a policy document to write in. */
  readonly policyJson?: unknown;
  /** More config fields (guards, authorityPublicKey…). */
  readonly config?: Record<string, unknown>;
  /** Runs on the journal file before the gate starts (imports of registers, say). */
  readonly beforeStart?: (journalFile: string) => void | Promise<void>;
  /** What the gate is given besides its config (a BundleStates, say). */
  readonly gateDeps?: GateDeps;
}

export const LANE_ID = 't1';
/** The simulated thermometer's calibration offset: objectC + OFFSET_C = bodyC. */
export const OFFSET_C = 1;

export async function startTestGate(opts: TestGateOptions = {}): Promise<TestGate> {
  const dir = mkdtempSync(join(tmpdir(), 'gate-test-'));
  const policyFile = join(dir, 'policy.json');
  if (opts.policy !== undefined) copyFileSync(opts.policy, policyFile);
  else writeFileSync(policyFile, JSON.stringify(opts.policyJson ?? checksPolicyJson()));
  const sim = { device: { kind: 'simulated' } };
  const lanes = opts.lanes ?? [{ id: LANE_ID, direction: opts.direction ?? 'entry' }];
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      dataDir: 'data',
      policyFile: 'policy.json',
      host: { port: 0 },
      session: { stepTimeoutMs: 8000, sessionTimeoutMs: 20_000, verdictDisplayMs: 2000, ...opts.session },
      lanes: lanes.map((l) => ({
        ...l,
        thermometer: { ...sim, offsetC: OFFSET_C, queryHz: 9, ...opts.thermometer },
        ...(opts.readers === undefined ? { scanner: sim } : { readers: opts.readers }),
        relay: { ...sim, ...opts.relay },
      })),
      ...opts.config,
    }),
  );
  const config = loadConfig(join(dir, 'config.json'), {});
  if (!config.ok) throw new Error(config.error.map((f) => f.message).join('; '));
  const journalFile = join(config.value.dataDir, JOURNAL_FILE);
  installTestNotice(config.value.dataDir);
  if (opts.beforeStart !== undefined) {
    mkdirSync(config.value.dataDir, { recursive: true });
    await opts.beforeStart(journalFile);
  }
  const app = await startHeadlessApp(config.value, opts.gateDeps);
  if (!app.ok) throw new Error(app.error.map((f) => f.message).join('; '));
  const laneById = (id: string): { lane: Lane; sims: TestSims } => {
    const lane = app.value.gate.lanes.get(id);
    const sims = app.value.gate.devices.get(id)?.simulators;
    if (lane === undefined || sims?.thermometer === undefined || sims.relay === undefined) throw new Error(`lane ${id} not simulated`);
    const scanner = sims.readers.find((r) => r.kind === 'scanner');
    const scan = (text: string): Promise<void> => {
      if (scanner === undefined) throw new Error(`lane ${id} has no simulated scanner`);
      return scanner.sim.injectRaw(new TextEncoder().encode(`${text}\r`));
    };
    return { lane, sims: { thermometer: sims.thermometer, relay: sims.relay, readers: sims.readers, scanner: { scan } } };
  };
  const first = laneById(lanes[0]?.id ?? LANE_ID);
  return {
    app: app.value,
    dir,
    policyFile,
    journalFile,
    lane: first.lane,
    sims: first.sims,
    laneById,
    close: async () => {
      await app.value.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `cond` until it holds, or fails naming what was awaited. */
export async function waitFor<T>(what: string, cond: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = cond();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
