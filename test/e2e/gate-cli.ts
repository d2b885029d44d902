/**
 * What an end-to-end test of the gate process does from the outside: the documented `gate` commands run as
 * `node out/main/cli.js …`, one simulated lane of real socat ptys (thermometer, line scanner, relay) driven
 * like a person at the gate, and the journal read back with `gate export` and a read-only connection.
 */
import { spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { GyMcu90614Simulator } from '../../drivers/thermometer/gy-mcu90614/simulator.js';
import { LcusRelaySimulator } from '../../drivers/relay/lcus/simulator.js';
import { LineScannerSimulator } from '../../drivers/scanner/line/simulator.js';
import { startSimulated, type SimulatedDevice } from '../../drivers/sim/simulated-device.js';
import { CLI, type ViewClient } from '../harness/child-gate.js';
import { OFFSET_C, waitFor } from '../harness/gate.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `gate <args…>`, as a technician or a platform would run it. */
export function gate(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, GATE_LOG_LEVEL: 'silent', GATE_DATA_DIR: '', ...env }, timeout: 60_000 });
  if (r.error !== undefined) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `gate <args…>` that must exit 0; its stdout. */
export function gateOk(args: readonly string[], env: NodeJS.ProcessEnv = {}): string {
  const r = gate(args, env);
  if (r.code !== 0) throw new Error(`gate ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** The SHA-256 (hex) naming a bundle: of its JWS text without surrounding whitespace (docs/bundles.md §Format). */
export const bundleSha256 = (file: string): string => createHash('sha256').update(readFileSync(file, 'utf8').trim()).digest('hex');

/** A register `ref`: hex(HMAC-SHA256(districtKey, "resident-id:" + ID number)) (resources/registers/README.md). */
export const residentRef = (districtKeyHex: string, idNumber: string): string =>
  createHmac('sha256', Buffer.from(districtKeyHex, 'hex')).update(`resident-id:${idNumber}`).digest('hex');

export interface ExportedRow {
  readonly verdict: string;
  readonly ending: string;
  readonly rules: readonly { id: string; outcome: string; effect?: string; values: Record<string, unknown> }[];
  readonly policy: { id: string; version: string; sha256: string };
  readonly clock: { trusted: boolean };
}

/** `gate export --format jsonl`: the decisions, oldest first. */
export function exportedDecisions(configFile: string, env: NodeJS.ProcessEnv = {}): ExportedRow[] {
  return gateOk(['export', '--format', 'jsonl', '--config', configFile], env)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ExportedRow);
}

const AMBIENT = { objectC: 25, ambientC: 24.5 };

/** One lane's devices on socat ptys, and a person walking through it. */
export class SimLane {
  private constructor(
    readonly thermometer: SimulatedDevice<GyMcu90614Simulator>,
    readonly scanner: SimulatedDevice<LineScannerSimulator>,
    readonly relay: SimulatedDevice<LcusRelaySimulator>,
  ) {}

  static async start(): Promise<SimLane> {
    const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const lane = new SimLane(
      unwrap(await startSimulated((p) => GyMcu90614Simulator.open(p))),
      unwrap(await startSimulated((p) => LineScannerSimulator.open(p))),
      unwrap(await startSimulated((p) => LcusRelaySimulator.open(p))),
    );
    lane.thermometer.sim.setScene(AMBIENT);
    return lane;
  }

  /** The config's `lanes[0]`: device paths under /dev/ (the ptys behind the socat links). */
  config(id = 'gate-1'): Record<string, unknown> {
    const serial = (d: SimulatedDevice<unknown>) => ({ device: { kind: 'serial', path: realpathSync(d.hostPath) } });
    return { id, direction: 'entry', thermometer: { ...serial(this.thermometer), offsetC: OFFSET_C, queryHz: 9 }, scanner: serial(this.scanner), relay: serial(this.relay) };
  }

  /**
   * A person scans `idNumber` and has `bodyC` measured, on an idle lane; returns their decision as
   * `gate export` prints it, once the lane is idle again.
   */
  async person(configFile: string, views: ViewClient, idNumber: string, bodyC = 36.5, env: NodeJS.ProcessEnv = {}): Promise<ExportedRow> {
    const screen = () => views.latest()?.lanes[0]?.screen;
    await waitFor('the lane to be idle', () => screen()?.kind === 'idle', 15_000);
    const before = exportedDecisions(configFile, env).length;
    await this.scanner.sim.scan(idNumber);
    this.thermometer.sim.setScene({ objectC: bodyC - OFFSET_C, ambientC: 24.5 });
    const row = await waitFor('the decision in the journal', () => exportedDecisions(configFile, env)[before], 20_000);
    this.thermometer.sim.setScene(AMBIENT);
    await waitFor('the lane to be idle again', () => screen()?.kind === 'idle', 15_000);
    return row;
  }

  async close(): Promise<void> {
    await Promise.all([this.thermometer.close(), this.scanner.close(), this.relay.close()]);
  }
}
