/**
 * device.*: for every protocol in the registry (main/devices/protocols/), its parser alone (throughput over the
 * descriptor's recorded stream fed in 64 KiB reads, as serialport delivers them; a USB HID protocol's recorded
 * reports one at a time, as node-hid delivers them), and the overhead from its simulator writing a frame's (or
 * read's) last byte to a socat pty — or a HID read's last report into the simulated HID transport — to its
 * driver's event in this process (one clock, performance.now, on both sides: the simulators' and drivers'
 * default, drivers/monotonic.ts). The keyboard wedge has no bytes: its overhead is the last key event → scan event
 * (./wedge.ts).
 */
import { performance } from 'node:perf_hooks';
import { isDeviceReader, readerConfig, readerKindOf, withReaderIds } from '../src/config/readers.js';
import { thermometerConfig } from '../src/config/thermometer.js';
import type { Failure, Result } from '../src/result.js';
import { openSerialTransport } from '../drivers/serial-transport.js';
import { startSimulated } from '../drivers/sim/simulated-device.js';
import { randomResidentId, simPersonOf } from '../main/demo/visitors.js';
import type { ReaderDriver, ReaderSimulator } from '../drivers/reader/reader.js';
import { READER_PROTOCOLS, THERMOMETER_PROTOCOLS, readerProtocolOf, thermometerProtocolOf } from '../main/devices/protocols/index.js';
import type { HidReaderProtocol, ThermometerProtocol } from '../main/devices/protocol.js';
import type { DeviceReaderConfig } from '../src/config/readers.js';
import { median, percentile, type Emit } from './figure.js';
import { wedgeOverhead } from './wedge.js';

const READ_BYTES = 64 * 1024;
const RUNS = 5;
const WARMUP_SAMPLES = 30;
const SAMPLES = 400;
const SIMULATED = { kind: 'simulated' } as const;

type ProtocolBench = ThermometerProtocol<unknown>['bench'] | HidReaderProtocol<unknown>['bench'];

const now = (): number => performance.now();

function unwrap<T>(result: Result<T, Failure>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** MB/s (10^6 bytes), median of RUNS passes of a fresh parser over the protocol's stream (or reports). */
function throughput(bench: ProtocolBench): number {
  const feed = passOf(bench);
  const rates: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const start = now();
    const bytes = feed();
    if (run > 0) rates.push(bytes / 1e6 / ((now() - start) / 1000)); // run 0 warms up the JIT
  }
  return median(rates);
}

/** One pass of a fresh parser over the recorded input; returns the bytes it was fed. */
function passOf(bench: ProtocolBench): () => number {
  if ('reports' in bench) {
    const reports = bench.reports();
    const bytes = reports.reduce((n, r) => n + r.length, 0);
    return () => {
      const parser = bench.parser();
      for (const [i, r] of reports.entries()) parser.push(r, i);
      return bytes;
    };
  }
  const stream = bench.stream();
  return () => {
    const parser = bench.parser();
    for (let at = 0; at < stream.length; at += READ_BYTES) parser.push(stream.subarray(at, at + READ_BYTES));
    return stream.length;
  };
}

/** One sample per round: `round` makes the device send once and resolves with [last byte written, event seen]. */
async function samples(round: (i: number) => Promise<[number, number]>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < WARMUP_SAMPLES + SAMPLES; i++) {
    const [sent, got] = await round(i);
    if (i >= WARMUP_SAMPLES) out.push(got - sent);
  }
  return out;
}

/** A device that stops answering ends the run with an error instead of hanging it. */
const ROUND_TIMEOUT_MS = 10_000;

const next = <A extends unknown[]>(subscribe: (listener: (...args: A) => void) => () => void, pick: (...args: A) => number): Promise<number> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no event within ${ROUND_TIMEOUT_MS} ms`));
    }, ROUND_TIMEOUT_MS);
    const off = subscribe((...args) => {
      clearTimeout(timer);
      off();
      resolve(pick(...args));
    });
  });

async function thermometerOverhead(protocol: string): Promise<number[]> {
  const config = thermometerConfig.parse({ protocol, device: SIMULATED });
  const d = thermometerProtocolOf(config);
  const device = unwrap(await startSimulated((path) => d.simulator(path, config)));
  const driver = d.driver(unwrap(await openSerialTransport(device.hostPath, d.baudRates(config)[0] ?? 9600)), config, now);
  try {
    device.sim.setScene({ objectC: 33.5, ambientC: 24.5, bodyC: 36.6 });
    unwrap(await driver.init());
    return await samples(async () => {
      const written = next<[Uint8Array, number]>((l) => device.sim.onFrameWritten(l), (_bytes, at) => at);
      const received = next<[unknown]>((l) => driver.onFrame(l), () => now());
      unwrap(await driver.query());
      return Promise.all([written, received]);
    });
  } finally {
    await driver.close();
    await device.close();
  }
}

async function readerOverhead(protocol: string): Promise<number[]> {
  const kind = readerKindOf(protocol) ?? 'scanner';
  const [config] = withReaderIds([readerConfig.parse({ kind, protocol, device: SIMULATED })]);
  if (config === undefined || !isDeviceReader(config)) throw new Error(`reader protocol ${protocol} has no device config`);
  const { sim, driver, close } = await simulatedReader(config);
  let rand = 11;
  const random = (): number => ((rand = (rand * 48271) % 2147483647) / 2147483647);
  try {
    unwrap(await driver.init());
    return await samples(async () => {
      const written = next<[Uint8Array, number]>((l) => sim.onReadWritten(l), (_bytes, at) => at);
      const received = next<[unknown]>((l) => driver.onRead(l), () => now());
      await sim.present(simPersonOf(randomResidentId(random), config));
      return Promise.all([written, received]);
    });
  } finally {
    await close();
  }
}

/** The protocol's simulator and its driver over the transport the gate would give it: a socat pty, or the simulated HID device. */
async function simulatedReader(config: DeviceReaderConfig): Promise<{ sim: ReaderSimulator; driver: ReaderDriver; close(): Promise<void> }> {
  const d = readerProtocolOf(config);
  if (d.transport === 'hid') {
    const { sim, device } = unwrap(await d.simulator(config));
    const driver = d.driver(unwrap(await device.open()), config, now);
    return { sim, driver, close: async () => (await driver.close(), await sim.close()) };
  }
  const device = unwrap(await startSimulated((path) => d.simulator(path, config)));
  const driver = d.driver(unwrap(await openSerialTransport(device.hostPath, d.baudRates(config)[0] ?? 9600)), config, now);
  return { sim: device.sim, driver, close: async () => (await driver.close(), await device.close()) };
}

export async function run(emit: Emit): Promise<void> {
  const all = [
    ...Object.entries(THERMOMETER_PROTOCOLS).map(([protocol, d]) => ({ protocol, bench: d.bench, overhead: () => thermometerOverhead(protocol) })),
    ...Object.entries(READER_PROTOCOLS).map(([protocol, d]) => ({ protocol, bench: d.bench, overhead: () => readerOverhead(protocol) })),
  ];
  for (const { protocol, bench } of all) emit({ name: `device.${protocol}.throughput`, value: throughput(bench), unit: 'MB/s', runs: RUNS });
  const overheads = [...all, { protocol: 'wedge', overhead: () => Promise.resolve(wedgeOverhead()) }];
  for (const { protocol, overhead } of overheads) {
    const measured = await overhead();
    emit({ name: `device.${protocol}.overhead.p50`, value: percentile(measured, 50), unit: 'ms', runs: measured.length });
    emit({ name: `device.${protocol}.overhead.p99`, value: percentile(measured, 99), unit: 'ms', runs: measured.length });
  }
}
