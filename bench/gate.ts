/**
 * gate.byte_to_verdict.*: the last byte of the deciding thermometer frame written to the pty → the
 * verdict event received by a UI client over the headless host's WebSocket, journal commit included.
 * One real gate: simulated devices on socat ptys, a real SQLite file, the real bridge.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { loadConfig } from '../main/config/load.js';
import { randomResidentId, simPersonOf } from '../main/demo/visitors.js';
import { startHeadlessApp } from '../main/headless-app.js';
import { PAIRING_PARAM } from '../main/host/pairing.js';
import { HEARTBEAT_FRAME, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../src/ipc/wire.js';
import { percentile, type Emit } from './figure.js';
import { simulatedLane } from './simulated-lane.js';

const SAMPLES = 60;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function run(emit: Emit): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gate-bench-e2e-'));
  const sim = { device: { kind: 'simulated' } };
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      host: { port: 0 },
      session: { stepTimeoutMs: 5000, sessionTimeoutMs: 10_000, verdictDisplayMs: 1000 },
      lanes: [{ id: 'bench', direction: 'entry', thermometer: { ...sim, queryHz: 9 }, scanner: sim, relay: sim }],
    }),
  );
  const config = loadConfig(join(dir, 'config.json'), { GATE_DATA_DIR: join(dir, 'data') });
  if (!config.ok) throw new Error(JSON.stringify(config.error));
  const app = await startHeadlessApp(config.value);
  if (!app.ok) throw new Error(JSON.stringify(app.error));
  const { gate, host } = app.value;
  const { lane, thermometer, reader } = simulatedLane(gate, 'bench');

  let lastFrameAt = 0;
  thermometer.onFrameWritten(() => (lastFrameAt = performance.now()));
  const token = new URLSearchParams(new URL(host.url).hash.slice(1)).get(PAIRING_PARAM) ?? '';
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token], { origin: `http://127.0.0.1:${host.port}` });
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  const seen = new Set<string>();
  let onVerdict: ((ms: number) => void) | undefined;
  ws.on('message', (data: Buffer) => {
    const received = performance.now();
    if (data.toString() === HEARTBEAT_FRAME) return ws.send(HEARTBEAT_FRAME); // or the gate drops us
    const msg = JSON.parse(data.toString()) as { t: string; payload?: { lanes?: { screen: { kind: string; decisionId?: string } }[] } };
    const screen = msg.payload?.lanes?.[0]?.screen;
    if (msg.t !== 'event' || screen?.kind !== 'verdict' || screen.decisionId === undefined || seen.has(screen.decisionId)) return;
    seen.add(screen.decisionId);
    onVerdict?.(received - lastFrameAt);
  });

  const samples: number[] = [];
  let rand = 7;
  const next = (): number => ((rand = (rand * 48271) % 2147483647) / 2147483647);
  for (let i = 0; i < SAMPLES; i++) {
    thermometer.setScene({ objectC: 25, ambientC: 24.5 });
    await sleep(250);
    const verdict = new Promise<number>((resolve) => (onVerdict = resolve));
    await reader.sim.present(simPersonOf(randomResidentId(next), reader.config));
    await sleep(50);
    lane.declareMask();
    thermometer.setScene({ objectC: 35.5, ambientC: 24.5 });
    samples.push(await Promise.race([verdict, sleep(5000).then(() => Number.NaN)]));
  }
  ws.close();
  await app.value.close();
  rmSync(dir, { recursive: true, force: true });
  const good = samples.filter(Number.isFinite);
  if (good.length < SAMPLES) console.error(`gate bench: ${SAMPLES - good.length} of ${SAMPLES} visitors got no verdict in 5 s`);
  emit({ name: 'gate.byte_to_verdict.p50', value: percentile(good, 50), unit: 'ms', runs: good.length });
  emit({ name: 'gate.byte_to_verdict.p99', value: percentile(good, 99), unit: 'ms', runs: good.length });
}
