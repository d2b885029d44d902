/**
 * A line scanner (docs/devices.md §2.4) as a protocol descriptor: thin adapters from the existing driver and
 * simulator classes (drivers/scanner/line/) to the reader contracts. Every line is a `text` read; the scanner
 * has no acknowledgement command here, so `acknowledge` resolves ok.
 */
import type { z } from 'zod';
import type { lineReaderConfig } from '../../../src/config/readers/line.js';
import { configuredBaudRate } from '../../../src/config/device-ref.js';
import { ok } from '../../../src/result.js';
import type { ReaderDriver, ReaderSimulator } from '../../../drivers/reader/reader.js';
import { Listeners } from '../../../drivers/listeners.js';
import { monotonicNow } from '../../../drivers/monotonic.js';
import { LineScanner } from '../../../drivers/scanner/line/driver.js';
import { LineParser } from '../../../drivers/scanner/line/parser.js';
import { LineScannerSimulator } from '../../../drivers/scanner/line/simulator.js';
import type { ReaderProtocol } from '../protocol.js';
import { BENCH_STREAM_BYTES } from './bench-stream.js';

type Config = z.output<typeof lineReaderConfig>;

function driverOf(d: LineScanner): ReaderDriver {
  return {
    init: () => Promise.resolve(ok(undefined)),
    onRead: (listener) => d.onScan((s) => listener({ kind: 'text', text: s.text, at: s.at })),
    onBadFrame: (listener) => d.onBadLine(listener),
    acknowledge: () => Promise.resolve(ok(undefined)),
    counters: () => d.counters(),
    close: () => d.close(),
  };
}

/** The simulator presents a person as their ID number, scanned (CR-terminated, the serial-emulation default). */
function simulatorOf(sim: LineScannerSimulator): ReaderSimulator {
  const written = new Listeners<[Uint8Array, number]>();
  const encoder = new TextEncoder();
  return {
    present: async (person) => {
      // scan() writes the whole line at once, right after anything queued: this is its last byte's time.
      const at = monotonicNow();
      await sim.scan(person.idNumber);
      written.emit(encoder.encode(`${person.idNumber}\r`), at);
    },
    injectRaw: (bytes) => sim.writeRaw(bytes),
    onReadWritten: (listener) => written.add(listener),
    close: () => sim.close(),
  };
}

/** Resident-ID numbers, health-code URLs and long QR payloads with mixed terminators. */
function benchStream(): Uint8Array {
  const texts = ['110101199003074514', 'https://hc.example.gov.cn/v?c=7Q2M9XK4PZ&t=1700000000', `HC1:${'6BF+70790T9WJWG.FKY*4GO0.O1CV2'.repeat(12)}`];
  const terminators = ['\r', '\r\n', '\n'];
  const encoder = new TextEncoder();
  const out = new Uint8Array(BENCH_STREAM_BYTES);
  let at = 0;
  for (let i = 0; ; i++) {
    const line = encoder.encode(`${texts[i % texts.length] ?? ''}${terminators[i % terminators.length] ?? '\r'}`);
    if (at + line.length > out.length) break;
    out.set(line, at);
    at += line.length;
  }
  return out.subarray(0, at);
}

export const lineProtocol: ReaderProtocol<Config> = {
  role: 'reader',
  protocol: 'line',
  baudRates: (config) => [configuredBaudRate(config.device)],
  driver: (transport, _config, clock) => driverOf(new LineScanner(transport, clock)),
  simulator: async (devicePath) => {
    const sim = await LineScannerSimulator.open(devicePath);
    return sim.ok ? ok(simulatorOf(sim.value)) : sim;
  },
  bench: { parser: () => new LineParser(), stream: benchStream },
};
