/**
 * The lane's ports over supervised drivers (real drivers, in-memory transports): they outlive every link, forward
 * the current driver's events only, count across links, and refuse commands at once while no link is ready.
 */
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceSupervisor } from '../../main/devices/supervisor.js';
import { SwitchedReader, SwitchedRelay, SwitchedThermometer } from '../../main/devices/switched-ports.js';
import { gyMcu90614Protocol } from '../../main/devices/protocols/gy-mcu90614.js';
import { lineProtocol } from '../../main/devices/protocols/line.js';
import { LcusRelay } from '../../drivers/relay/lcus/driver.js';
import { monotonicNow } from '../../drivers/monotonic.js';
import { gyMcu90614Config } from '../../src/config/thermometers/gy-mcu90614.js';
import { lineReaderConfig } from '../../src/config/readers/line.js';
import { encodeFrame } from '../../drivers/thermometer/gy-mcu90614/codec.js';
import type { ByteTransport } from '../../drivers/transport.js';
import { ok, type Failure, type Result } from '../../src/result.js';
import { expectOk, FakeTransport, toHex } from '../drivers/support.js';

const silent = pino({ level: 'silent' });

/** A supervisor whose every open hands out a new fake transport (kept in `transports`). */
function supervised<D extends { close(): Promise<void> }>(driver: (t: ByteTransport) => D, init: (d: D) => Promise<Result<void, Failure>> = () => Promise.resolve(ok(undefined))) {
  const transports: FakeTransport[] = [];
  const supervisor = new DeviceSupervisor<D>({
    open: () => {
      const t = new FakeTransport();
      transports.push(t);
      return Promise.resolve(ok(t));
    },
    driver,
    init,
    backoff: { firstDelayMs: 250, maxDelayMs: 10_000 },
    log: silent,
    onChange: () => undefined,
  });
  return { supervisor, transports };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SwitchedThermometer', () => {
  it('forwards frames of whichever driver is linked, tells of a lost link, and counts across links', async () => {
    const config = gyMcu90614Config.parse({ device: { kind: 'simulated' } });
    const { supervisor, transports } = supervised((t) => gyMcu90614Protocol.driver(t, config, monotonicNow));
    const port = new SwitchedThermometer(supervisor);
    const frames: number[] = [];
    let lost = 0;
    port.onFrame((f) => frames.push(f.objectC));
    port.onLinkLost(() => (lost += 1));
    await supervisor.start();
    await vi.advanceTimersByTimeAsync(0); // the driver subscribes to its transport a microtask later
    transports[0]?.feed(encodeFrame({ objectC: 30, ambientC: 24 }));
    const first = transports[0];
    first?.drop();
    expect(lost).toBe(1);
    expect((await port.query()).ok ? 'ok' : 'offline').toBe('offline');
    await vi.advanceTimersByTimeAsync(250);
    await vi.advanceTimersByTimeAsync(0);
    transports[1]?.feed(encodeFrame({ objectC: 31, ambientC: 24 }));
    first?.feed(encodeFrame({ objectC: 99, ambientC: 24 })); // the old link: nobody listens any more
    expect(frames).toEqual([30, 31]);
    expect(port.counters().frames).toBe(2);
    expectOk(await port.query());
    await supervisor.close();
  });
});

describe('SwitchedReader', () => {
  it('forwards reads of whichever driver is linked, refuses an acknowledgement while unlinked, and counts across links', async () => {
    const config = lineReaderConfig.parse({ kind: 'scanner', protocol: 'line', device: { kind: 'simulated' } });
    const { supervisor, transports } = supervised((t) => lineProtocol.driver(t, config, monotonicNow));
    const port = new SwitchedReader(supervisor, 'front', 'scanner');
    const reads: string[] = [];
    port.onRead((r) => reads.push(r.kind === 'text' ? r.text : r.kind));
    await supervisor.start();
    await vi.advanceTimersByTimeAsync(0);
    transports[0]?.feed(new TextEncoder().encode('first\r'));
    transports[0]?.drop();
    const refused = await port.acknowledge();
    expect(refused.ok ? 'ok' : refused.error.code).toBe('device.offline');
    await vi.advanceTimersByTimeAsync(250);
    await vi.advanceTimersByTimeAsync(0);
    transports[1]?.feed(new TextEncoder().encode('second\r'));
    expect(reads).toEqual(['first', 'second']);
    expect(port.counters().frames).toBe(2);
    expect([port.id, port.kind]).toEqual(['front', 'scanner']);
    expectOk(await port.acknowledge());
    await supervisor.close();
  });
});

describe('SwitchedRelay', () => {
  it('refuses a pulse at once while the relay is not linked, and never sends it later', async () => {
    const { supervisor, transports } = supervised(
      (t) => new LcusRelay(t, { sleep: () => Promise.resolve() }),
      (d) => d.toSafeState(),
    );
    const port = new SwitchedRelay(supervisor);
    await supervisor.start();
    transports[0]?.drop();
    const refused = await port.pulse(1, 200);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('device.offline');
    await vi.advanceTimersByTimeAsync(250);
    expect(transports[1]?.written.map(toHex)).toEqual(['A0 01 00 A1']); // the new link's safe state, and nothing else
    expectOk(await port.pulse(1, 200));
    expect(transports[1]?.written.map(toHex)).toEqual(['A0 01 00 A1', 'A0 01 01 A2', 'A0 01 00 A1']);
    await supervisor.close();
  });
});

