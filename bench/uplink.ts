/**
 * uplink.*: how fast a 100,000-record backlog drains to a platform over HTTP and over MQTT (a real
 * Mosquitto), how much the forwarder's process grows meanwhile, and what draining costs the gate's own
 * decisions — scan → commit p99 on a real headless gate while its forwarder drains, over the same while idle.
 * The platform is another process (bench/uplink/platform-sink.ts), so its work is not counted as the gate's.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { loadConfig } from '../main/config/load.js';
import { randomResidentId, simPersonOf } from '../main/demo/visitors.js';
import { startHeadlessApp } from '../main/headless-app.js';
import { Journal } from '../main/journal/journal.js';
import { logger } from '../main/log.js';
import { APP_ROOT } from '../main/resources.js';
import { Forwarder } from '../main/uplink/forwarder.js';
import { UplinkStore } from '../main/uplink/store.js';
import { configuredTransport } from '../main/uplink/transports.js';
import { parseConfig } from '../src/config/schema.js';
import type { UplinkConfig } from '../src/config/uplink.js';
import { type Emit, median, percentile } from './figure.js';
import { collectGarbage } from './gc.js';
import { simulatedLane } from './simulated-lane.js';
import { fillBacklog } from './uplink/backlog.js';
import { type Broker, startMosquitto } from './uplink/mosquitto.js';

const BACKLOG = 100_000;
const WARMUP = 5_000;
const RATIO_RUNS = 3;
/**
 * Each run alternates idle and draining blocks of BLOCK_VISITORS, BLOCKS of each, so a burst of load from
 * elsewhere on the machine (an fsync stall, another process) falls on both conditions alike, and each p99 is
 * taken over BLOCKS × BLOCK_VISITORS samples rather than decided by one outlier.
 */
const BLOCKS = 5;
const BLOCK_VISITORS = 20;
/** What a draining block starts with, and tops up to between visitors (at ~5,600 records/s it never runs dry). */
const BLOCK_BACKLOG = 20_000;
/** A visitor slower than this is reported with where its time went. */
const SLOW_MS = 20;
const MB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type Sink = ChildProcessByStdio<Writable, Readable, null>;

/** Starts the platform sink and resolves with its first stdout line (`port N` or `ready`). */
async function startSink(args: readonly string[]): Promise<{ sink: Sink; first: string }> {
  const sink = spawn(process.execPath, [join(APP_ROOT, 'out', 'bench', 'uplink', 'platform-sink.js'), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    sink.stdout.setEncoding('utf8').once('data', (d: string) => resolve(d.trim()));
    sink.once('exit', (code) => reject(new Error(`platform sink exited ${String(code)}`)));
  });
  return { sink, first };
}

const stopSink = async (sink: Sink): Promise<void> => {
  sink.kill('SIGTERM');
  if (sink.exitCode === null) await new Promise((r) => sink.once('exit', r));
};

function uplinkConfig(transport: unknown): UplinkConfig {
  const lane = { id: 'bench', direction: 'entry', thermometer: { device: { kind: 'simulated' } }, scanner: { device: { kind: 'simulated' } }, relay: { device: { kind: 'simulated' } } };
  const parsed = parseConfig({ lanes: [lane], uplink: { gateId: 'bench-gate', transport, retry: { firstDelayMs: 200, maxDelayMs: 2000 } } });
  if (!parsed.ok || parsed.value.uplink === undefined) throw new Error(JSON.stringify(parsed.ok ? 'no uplink' : parsed.error));
  return parsed.value.uplink;
}

/** Drains a 100,000-record backlog through the forwarder in this process; returns records/s and the RSS growth. */
async function drain(dir: string, config: UplinkConfig): Promise<{ rate: number; rssGrowthMB: number }> {
  const file = join(dir, `drain-${config.transport.kind}.sqlite`);
  const journal = Journal.open(file);
  if (!journal.ok) throw new Error(journal.error.message);
  journal.value.configureUplink({ enabled: true, maxRecords: 10 * BACKLOG, maxBytes: 2 ** 40, whenFull: 'drop-oldest' });
  const store = UplinkStore.open(file);
  const transport = configuredTransport(config);
  if (!store.ok || !transport.ok) throw new Error('uplink store or transport');
  const forwarder = new Forwarder({
    store: store.value,
    transport: transport.value,
    config,
    heartbeat: () => JSON.stringify({ v: 1 }),
    wallNow: Date.now,
    log: logger('bench:uplink'),
  });
  // A warm-up drain first (connections, page caches, compiled code): the figure is what draining costs, not starting.
  fillBacklog(file, WARMUP, `${config.transport.kind}-warmup`);
  forwarder.start();
  while (store.value.backlog().records > 0) await sleep(20);
  fillBacklog(file, BACKLOG, config.transport.kind);
  collectGarbage();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  forwarder.wake();
  while (store.value.backlog().records > 0) await sleep(20);
  const seconds = (performance.now() - started) / 1000;
  collectGarbage();
  const rssAfter = process.memoryUsage().rss;
  await forwarder.stop();
  store.value.close();
  journal.value.close();
  console.error(`uplink bench: ${config.transport.kind} drain, RSS ${(rssBefore / MB).toFixed(1)} → ${(rssAfter / MB).toFixed(1)} MB`);
  return { rate: BACKLOG / seconds, rssGrowthMB: (rssAfter - rssBefore) / MB };
}

/**
 * Scan → commit on a real headless gate (simulated devices on ptys, real SQLite, the demo policy, its uplink to
 * the HTTP sink): the ID scan's last byte written to the reader's pty → `Journal.record` returned. The person
 * stands at the thermometer first, and declares the mask the moment the lane has the identity (polled every
 * millisecond), so the scan is what completes the evidence.
 * Idle (nothing waits to go up) and while its forwarder drains (the backlog topped up between visitors, so
 * it never runs dry, and never while a visitor is in flight), in alternating blocks (BLOCKS); p99 of each, per run.
 */
async function latencyRatio(dir: string, sinkPort: number): Promise<number[]> {
  let committedAt: number | undefined;
  /** How long the last `Journal.record` took (its commit's fsync included): what a slow sample spent there. */
  let recordMs = 0;
  const record = Journal.prototype.record;
  Journal.prototype.record = function (this: Journal, ...args: Parameters<Journal['record']>) {
    const from = performance.now();
    const r = record.apply(this, args);
    committedAt = performance.now();
    recordMs = committedAt - from;
    return r;
  };
  const sim = { device: { kind: 'simulated' } };
  const configFile = join(dir, 'gate.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      host: { port: 0 },
      session: { stepTimeoutMs: 5000, sessionTimeoutMs: 10_000, verdictDisplayMs: 1000 },
      lanes: [{ id: 'bench', direction: 'entry', thermometer: { ...sim, queryHz: 9 }, scanner: sim, relay: sim }],
      uplink: { gateId: 'bench-gate', transport: { kind: 'https', url: `http://127.0.0.1:${sinkPort}/records` } },
    }),
  );
  const config = loadConfig(configFile, { GATE_DATA_DIR: join(dir, 'gate-data') });
  if (!config.ok) throw new Error(JSON.stringify(config.error));
  const app = await startHeadlessApp(config.value);
  if (!app.ok) throw new Error(JSON.stringify(app.error));
  const { gate } = app.value;
  const { lane, thermometer, reader } = simulatedLane(gate, 'bench');
  let rand = 11;
  const next = (): number => (rand = (rand * 48271) % 2147483647) / 2147483647;
  const waiting = (): number => gate.view().uplink?.backlog.records ?? 0;
  const idleScreen = (): boolean => lane.view().screen.kind === 'idle';
  const identified = (): boolean => {
    const screen = lane.view().screen;
    return screen.kind === 'collecting' && screen.identity === 'done';
  };

  /**
   * One visitor; scan → commit in ms. NaN when the scan did not complete the evidence (no decision within
   * 1.5 s: a reading that did not bind, decided later by a step timeout), which is not what is measured.
   */
  const visitor = async (draining: boolean): Promise<number> => {
    while (!idleScreen()) await sleep(10);
    thermometer.setScene({ objectC: 35.5, ambientC: 24.5 });
    await sleep(400); // a few readings: the person is at the thermometer before showing the card
    committedAt = undefined;
    await reader.sim.present(simPersonOf(randomResidentId(next), reader.config));
    const scannedAt = performance.now();
    const deadline = scannedAt + 1500;
    while (!identified() && performance.now() < deadline) await sleep(1);
    lane.declareMask();
    while (committedAt === undefined && performance.now() < deadline) await sleep(1);
    thermometer.setScene({ objectC: 25, ambientC: 24.5 }); // and walks on
    if (committedAt === undefined) return Number.NaN;
    const ms = committedAt - scannedAt;
    if (ms > SLOW_MS) console.error(`uplink bench: a slow visitor (${draining ? 'draining' : 'idle'}): ${ms.toFixed(1)} ms scan → commit, ${recordMs.toFixed(1)} ms of it in Journal.record`);
    return ms;
  };
  /** One block of visitors, idle or draining; the scan → commit times of those decided at their scan. */
  const block = async (draining: boolean): Promise<number[]> => {
    const samples: number[] = [];
    for (let i = 0; samples.length < BLOCK_VISITORS && i < 2 * BLOCK_VISITORS; i++) {
      if (draining && waiting() < BLOCK_BACKLOG / 4) fillBacklog(gate.journalFile, BLOCK_BACKLOG / 2, `ratio-${String(performance.now())}`);
      const ms = await visitor(draining);
      if (Number.isFinite(ms) && (!draining || waiting() > 0)) samples.push(ms);
    }
    if (samples.length < BLOCK_VISITORS) console.error(`uplink bench: only ${samples.length} of ${BLOCK_VISITORS} visitors decided at their scan`);
    return samples;
  };
  const show = (xs: readonly number[]): string => xs.map((x) => x.toFixed(1)).join(' ');

  const ratios: number[] = [];
  try {
    const side = new Database(gate.journalFile, { readonly: true });
    // Idle means nothing waits and the last drain's pages are given back (the forwarder's maintain, between polls).
    const settled = (): boolean => waiting() === 0 && Number(side.pragma('freelist_count', { simple: true })) === 0;
    for (let run = 0; run < RATIO_RUNS; run++) {
      const idle: number[] = [];
      const draining: number[] = [];
      for (let b = 0; b < BLOCKS; b++) {
        while (!settled()) await sleep(50);
        idle.push(...(await block(false)));
        fillBacklog(gate.journalFile, BLOCK_BACKLOG, `ratio-${run}-${b}`);
        draining.push(...(await block(true)));
      }
      console.error(`uplink bench: idle scan → commit ms: ${show(idle)}`);
      console.error(`uplink bench: draining scan → commit ms: ${show(draining)}`);
      const [idleP99, drainingP99] = [percentile(idle, 99), percentile(draining, 99)];
      console.error(`uplink bench: scan → commit p99 idle ${idleP99.toFixed(2)} ms, draining ${drainingP99.toFixed(2)} ms (${idle.length} and ${draining.length} visitors)`);
      ratios.push(drainingP99 / idleP99);
    }
    side.close();
  } finally {
    Journal.prototype.record = record;
    await app.value.close();
  }
  return ratios;
}

/** `--part drain` or `--part latency` runs one half (the drains take a few minutes, the latency runs about fifteen). */
export async function run(emit: Emit, options: Readonly<Record<string, string>> = {}): Promise<void> {
  const part = options['part'];
  if (part !== undefined && part !== 'drain' && part !== 'latency') throw new Error(`uplink --part takes drain or latency, not ${part}`);
  const base = join(APP_ROOT, 'out', 'bench-uplink');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'u-'));
  const sinks: Sink[] = [];
  try {
    if (part !== 'latency') await drains(dir, emit);
    if (part === 'drain') return;
    // The platform of the latency runs keeps what it receives in memory: a real one stores on a disk of its
    // own, and its writes on the gate's disk would be counted as draining's cost to the gate's commits.
    const inMemory = await startSink(['--http']);
    sinks.push(inMemory.sink);
    const ratios = await latencyRatio(dir, Number(inMemory.first.replace('port ', '')));
    emit({ name: 'uplink.scan_to_commit.p99.drain_vs_idle', value: median(ratios), unit: 'ratio', runs: ratios.length });
  } finally {
    for (const s of sinks) await stopSink(s);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The drain rates over HTTP and MQTT, and the RSS growth, into a platform that stores on disk. */
async function drains(dir: string, emit: Emit): Promise<void> {
  let broker: Broker | undefined;
  const sinks: Sink[] = [];
  try {
    const http = await startSink(['--http', '--db', join(dir, 'platform-http.sqlite')]);
    sinks.push(http.sink);
    const port = Number(http.first.replace('port ', ''));
    const overHttp = await drain(dir, uplinkConfig({ kind: 'https', url: `http://127.0.0.1:${port}/records` }));
    emit({ name: 'uplink.drain.http.rate', value: overHttp.rate, unit: 'records/s', runs: BACKLOG });

    // Anonymous and in memory: the bench measures the forwarder, not the broker's authentication or disk.
    broker = await startMosquitto({ anonymous: true, persistence: false, extra: ['max_inflight_messages 100'] });
    const mqtt = await startSink(['--mqtt', broker.url, '--prefix', 'bench', '--db', join(dir, 'platform-mqtt.sqlite')]);
    sinks.push(mqtt.sink);
    const overMqtt = await drain(dir, uplinkConfig({ kind: 'mqtt', url: broker.url, topicPrefix: 'bench' }));
    emit({ name: 'uplink.drain.mqtt.rate', value: overMqtt.rate, unit: 'records/s', runs: BACKLOG });
    emit({ name: 'uplink.drain.rss_growth', value: Math.max(overHttp.rssGrowthMB, overMqtt.rssGrowthMB), unit: 'MB', runs: 2 });
  } finally {
    for (const s of sinks) await stopSink(s);
    await broker?.dispose();
  }
}
