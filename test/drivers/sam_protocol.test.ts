/** The SAM reader's config member and protocol descriptor (what the lead adds to the unions and the registry). */
import { afterEach, describe, expect, it } from 'vitest';
import { samProtocol } from '../../main/devices/protocols/sam.js';
import { samReaderConfig } from '../../src/config/readers/sam.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import type { ReaderRead } from '../../drivers/reader/reader.js';
import { Cleanup, eventually, expectOk } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

describe('SAM reader config', () => {
  it('fills in the defaults of the reference’s timings', () => {
    const c = samReaderConfig.parse({ kind: 'id-card', protocol: 'sam', device: { kind: 'simulated' } });
    expect(c).toEqual({ kind: 'id-card', protocol: 'sam', device: { kind: 'simulated' }, pollIntervalMs: 400, replyTimeoutMs: 300, readTimeoutMs: 1100, readAttempts: 2 });
  });

  it('refuses timings out of bounds and unknown fields, naming the field', () => {
    const paths = (input: unknown) => {
      const r = samReaderConfig.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    const base = { kind: 'id-card', protocol: 'sam', device: { kind: 'simulated' } };
    expect(paths({ ...base, readTimeoutMs: 100 })).toEqual(['readTimeoutMs']);
    expect(paths({ ...base, pollIntervalMs: 10 })).toEqual(['pollIntervalMs']);
    expect(paths({ ...base, replyTimeoutMs: 5000 })).toEqual(['replyTimeoutMs']);
    expect(paths({ ...base, readAttempts: 0 })).toEqual(['readAttempts']);
    expect(paths({ ...base, photo: true })).toEqual(['']);
    expect(paths({ ...base, protocol: 'line' })).toEqual(['protocol']);
  });
});

describe('SAM protocol descriptor', () => {
  it('probes the configured speed, then 115200', () => {
    const serial = (baudRate?: number) => samReaderConfig.parse({ kind: 'id-card', protocol: 'sam', device: { kind: 'serial', path: '/dev/ttyUSB0', ...(baudRate === undefined ? {} : { baudRate }) } });
    expect(samProtocol.baudRates(serial())).toEqual([9600, 115200]);
    expect(samProtocol.baudRates(serial(115200))).toEqual([115200]);
    expect(samProtocol.baudRates(samReaderConfig.parse({ kind: 'id-card', protocol: 'sam', device: { kind: 'simulated' } }))).toEqual([115200]);
  });

  it('gives the bench a stream its parser reads as 64 presentations of 12 frames and a noise run each', () => {
    const events = samProtocol.bench.parser().push(samProtocol.bench.stream());
    expect(events.filter((e) => (e as { type: string }).type === 'frame')).toHaveLength(64 * 12);
    expect(events.filter((e) => (e as { type: string }).type === 'discarded')).toHaveLength(64);
  });

  it('wires its simulator and its driver: a presented card is read', async () => {
    const config = samReaderConfig.parse({ kind: 'id-card', protocol: 'sam', device: { kind: 'simulated' }, pollIntervalMs: 100 });
    const device = cleanup.add(expectOk(await startSimulated((p) => samProtocol.simulator(p, config))));
    const transport = expectOk(await openSerialTransport(device.hostPath, samProtocol.baudRates(config)[0] ?? 0));
    const driver = cleanup.add(samProtocol.driver(transport, config, () => 42));
    const reads: ReaderRead[] = [];
    driver.onRead((r) => reads.push(r));
    expectOk(await driver.init());
    await device.sim.present({ idNumber: '440524188001010014', name: '测试', validTo: '20301231' });
    await eventually(() => reads.length === 1, 5000);
    expect(reads[0]).toMatchObject({ kind: 'id-card', at: 42, card: { idNumber: '440524188001010014' } });
  });
});
