import { afterEach, describe, expect, it } from 'vitest';
import type { ReaderRead } from '../../drivers/reader/reader.js';
import { LineScanner } from '../../drivers/scanner/line/driver.js';
import { LineScannerSimulator } from '../../drivers/scanner/line/simulator.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import { Cleanup, eventually, expectOk, hex } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

async function rig() {
  const device = cleanup.add(expectOk(await startSimulated(LineScannerSimulator.open)));
  const transport = expectOk(await openSerialTransport(device.hostPath, 9600));
  const scanner = cleanup.add(new LineScanner(transport));
  const scans: Extract<ReaderRead, { kind: 'text' }>[] = [];
  const bad: string[] = [];
  scanner.onRead((s) => {
    if (s.kind === 'text') scans.push(s);
  });
  scanner.onBadFrame((b) => bad.push(b.reason));
  return { sim: device.sim, scanner, transport, scans, bad };
}

describe('line scanner driver and simulator over a socat pty pair', () => {
  it('delivers one scan when CR and LF arrive in separate writes', async () => {
    const { sim, transport, scans, bad } = await rig();
    let reads = 0;
    transport.onData(() => (reads += 1));
    await sim.injectRaw(new TextEncoder().encode('110101199003074514\r'));
    await eventually(() => scans.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await sim.injectRaw(new TextEncoder().encode('\nHC1:NCFOXN%TS3DH\r\n'));
    await eventually(() => scans.length === 2);
    expect(scans.map((s) => s.text)).toEqual(['110101199003074514', 'HC1:NCFOXN%TS3DH']);
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(bad).toEqual([]);
  });

  it('reassembles a scan typed byte by byte, multi-byte characters included', async () => {
    const { sim, scans } = await rig();
    await sim.scan('姓名:张伟', { terminator: '\r\n', interByteMs: 1 });
    await eventually(() => scans.length === 1);
    expect(scans[0]?.text).toBe('姓名:张伟');
  });

  it('counts garbage lines and still delivers the next scan', async () => {
    const { sim, scanner, scans, bad } = await rig();
    await sim.injectRaw(hex('FF FE 0D 0D'));
    await sim.scan('OK');
    await eventually(() => scans.length === 1);
    expect(bad).toEqual(['bad-utf8', 'empty']);
    expect(scanner.counters()).toEqual({ frames: 1, badFrames: 2, discardedBytes: 3 });
  });

  it('hands a scan that arrived before anyone listened to the first listener, so a scan made as the port opened is not lost', async () => {
    const device = cleanup.add(expectOk(await startSimulated(LineScannerSimulator.open)));
    const scanner = cleanup.add(new LineScanner(expectOk(await openSerialTransport(device.hostPath, 9600))));
    await device.sim.scan('110101199003074514');
    // Nothing to wait on: by design the bytes sit in the transport's private hold until someone listens.
    // 300 ms is far beyond a pty's delivery time; without the hold they would be gone by then.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const scans: Extract<ReaderRead, { kind: 'text' }>[] = [];
    scanner.onRead((s) => {
    if (s.kind === 'text') scans.push(s);
  });
    await eventually(() => scans.length === 1);
    expect(scans[0]?.text).toBe('110101199003074514');
  });
});
