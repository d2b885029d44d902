/**
 * device.*: the GY-MCU90614 and line-scanner parsers alone (throughput over a generated stream fed in 64 KiB
 * reads, as serialport delivers them), and the overhead from the simulator writing a frame's last byte to a socat
 * pty to the driver's callback in this process (one clock, performance.now, on both sides).
 */
import { performance } from 'node:perf_hooks';
import type { Failure, Result } from '../src/result.js';
import { LineScanner } from '../drivers/scanner/line/driver.js';
import { LineParser } from '../drivers/scanner/line/parser.js';
import { LineScannerSimulator } from '../drivers/scanner/line/simulator.js';
import { openSerialTransport } from '../drivers/serial-transport.js';
import { startSimulated } from '../drivers/sim/simulated-device.js';
import { encodeFrame } from '../drivers/thermometer/gy-mcu90614/codec.js';
import { GyMcu90614 } from '../drivers/thermometer/gy-mcu90614/driver.js';
import { Gy90614Parser } from '../drivers/thermometer/gy-mcu90614/parser.js';
import { GyMcu90614Simulator } from '../drivers/thermometer/gy-mcu90614/simulator.js';
import { median, percentile, type Emit } from './figure.js';

const STREAM_BYTES = 12 * 1024 * 1024;
const READ_BYTES = 64 * 1024;
const RUNS = 5;
const WARMUP_SAMPLES = 30;
const SAMPLES = 400;

const now = (): number => performance.now();

function unwrap<T>(result: Result<T, Failure>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Frames of varying readings with a burst of noise (no 0x5A) after every 50th frame. */
function thermometerStream(): Uint8Array {
  const out = new Uint8Array(STREAM_BYTES);
  let at = 0;
  for (let i = 0; at + 9 + 7 <= out.length; i++) {
    out.set(encodeFrame({ objectC: 30 + (i % 800) / 100, ambientC: 20 + (i % 500) / 100 }), at);
    at += 9;
    if (i % 50 === 49) at += 7; // zeros: noise the parser must skip
  }
  return out.subarray(0, at);
}

/** Resident-ID numbers, health-code URLs and long QR payloads with mixed terminators. */
function lineStream(): Uint8Array {
  const texts = ['110101199003074514', 'https://hc.example.gov.cn/v?c=7Q2M9XK4PZ&t=1700000000', `HC1:${'6BF+70790T9WJWG.FKY*4GO0.O1CV2'.repeat(12)}`];
  const terminators = ['\r', '\r\n', '\n'];
  const encoder = new TextEncoder();
  const out = new Uint8Array(STREAM_BYTES);
  let at = 0;
  for (let i = 0; ; i++) {
    const line = encoder.encode(`${texts[i % texts.length] ?? ''}${terminators[i % terminators.length] ?? '\r'}`);
    if (at + line.length > out.length) break;
    out.set(line, at);
    at += line.length;
  }
  return out.subarray(0, at);
}

/** MB/s (10^6 bytes), median of RUNS passes of a fresh parser over `stream`. */
function throughput(stream: Uint8Array, parse: () => (chunk: Uint8Array) => unknown): number {
  const rates: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const push = parse();
    const start = now();
    for (let at = 0; at < stream.length; at += READ_BYTES) push(stream.subarray(at, at + READ_BYTES));
    if (run > 0) rates.push(stream.length / 1e6 / ((now() - start) / 1000)); // run 0 warms up the JIT
  }
  return median(rates);
}

async function thermometerOverhead(): Promise<number[]> {
  const device = unwrap(await startSimulated((path) => GyMcu90614Simulator.open(path)));
  const thermometer = new GyMcu90614(unwrap(await openSerialTransport(device.hostPath, 9600)), now);
  const samples: number[] = [];
  try {
    for (let i = 0; i < WARMUP_SAMPLES + SAMPLES; i++) {
      const written = new Promise<number>((resolve) => {
        const off = device.sim.onFrameWritten((_bytes, at) => {
          off();
          resolve(at);
        });
      });
      const received = new Promise<number>((resolve) => {
        const off = thermometer.onFrame(() => {
          off();
          resolve(now());
        });
      });
      unwrap(await thermometer.query());
      const [sent, got] = await Promise.all([written, received]);
      if (i >= WARMUP_SAMPLES) samples.push(got - sent);
    }
  } finally {
    await thermometer.close();
    await device.close();
  }
  return samples;
}

async function scannerOverhead(): Promise<number[]> {
  const device = unwrap(await startSimulated(LineScannerSimulator.open));
  const scanner = new LineScanner(unwrap(await openSerialTransport(device.hostPath, 9600)), {}, now);
  const samples: number[] = [];
  try {
    for (let i = 0; i < WARMUP_SAMPLES + SAMPLES; i++) {
      const received = new Promise<number>((resolve) => {
        const off = scanner.onRead(() => {
          off();
          resolve(now());
        });
      });
      const sent = now(); // scan() writes the whole line at once, right away: this is its last byte
      await device.sim.scan(`11010119900307${String(1000 + i)}`, { terminator: '\r\n' });
      const got = await received;
      if (i >= WARMUP_SAMPLES) samples.push(got - sent);
    }
  } finally {
    await scanner.close();
    await device.close();
  }
  return samples;
}

export async function run(emit: Emit): Promise<void> {
  const thermo = thermometerStream();
  emit({
    name: 'device.gy-mcu90614.throughput',
    value: throughput(thermo, () => {
      const parser = new Gy90614Parser();
      return (chunk) => parser.push(chunk);
    }),
    unit: 'MB/s',
    runs: RUNS,
  });
  const lines = lineStream();
  emit({
    name: 'device.line.throughput',
    value: throughput(lines, () => {
      const parser = new LineParser();
      return (chunk) => parser.push(chunk);
    }),
    unit: 'MB/s',
    runs: RUNS,
  });
  for (const [protocol, measure] of [
    ['gy-mcu90614', thermometerOverhead],
    ['line', scannerOverhead],
  ] as const) {
    const samples = await measure();
    emit({ name: `device.${protocol}.overhead.p50`, value: percentile(samples, 50), unit: 'ms', runs: samples.length });
    emit({ name: `device.${protocol}.overhead.p99`, value: percentile(samples, 99), unit: 'ms', runs: samples.length });
  }
}
