/**
 * Line-speed probing (main/devices/line-speed.ts) under the real supervisor, the real GY-MCU90614 driver (through
 * its descriptor) and simulator, a real socat pty and the real serialport binding. What is not real: a pty carries
 * bytes at any speed, and the simulator answers at any speed, so a link opened at the wrong speed is played by a
 * filter on the host's transport that drops what the device sends (as a UART at the wrong speed gives no frame).
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { LineSpeed } from '../../main/devices/line-speed.js';
import { gyMcu90614Protocol } from '../../main/devices/protocols/gy-mcu90614.js';
import { DeviceSupervisor } from '../../main/devices/supervisor.js';
import { monotonicNow } from '../../drivers/monotonic.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import type { ThermometerDriver } from '../../drivers/thermometer/thermometer.js';
import type { ByteTransport } from '../../drivers/transport.js';
import { gyMcu90614Config } from '../../src/config/thermometers/gy-mcu90614.js';
import { Cleanup, eventually, expectOk } from '../drivers/support.js';

const RATES = [1200, 9600, 115_200] as const;
const PROBE_MS = 300;
const config = gyMcu90614Config.parse({ device: { kind: 'simulated' } });
const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

/** A transport that hands on the device's bytes only when opened at `answersAt` (or never, when undefined). */
function atSpeed(t: ByteTransport, rate: number, answersAt: number | undefined): ByteTransport {
  return {
    write: (data) => t.write(data),
    onData: (listener) => t.onData((chunk) => (rate === answersAt ? listener(chunk) : undefined)),
    onClose: (listener) => t.onClose(listener),
    close: () => t.close(),
  };
}

async function rig(answersAt: number | undefined) {
  const device = cleanup.add(expectOk(await startSimulated((p) => gyMcu90614Protocol.simulator(p, config))));
  device.sim.setScene({ objectC: 30, ambientC: 24 });
  const log = pino({ level: 'silent' });
  const speed = new LineSpeed(RATES, log, PROBE_MS);
  const opened: { rate: number; transport: ByteTransport }[] = [];
  const states: string[] = [];
  const supervisor = new DeviceSupervisor<ThermometerDriver>({
    open: async () => {
      const rate = speed.rate();
      const t = await openSerialTransport(device.hostPath, rate);
      if (!t.ok) return t;
      opened.push({ rate, transport: t.value });
      return { ok: true, value: atSpeed(t.value, rate, answersAt) };
    },
    driver: (t) => gyMcu90614Protocol.driver(t, config, monotonicNow),
    init: async (d) => {
      const init = await d.init();
      return init.ok ? speed.probe(d, () => d.query()) : init;
    },
    backoff: { firstDelayMs: 50, maxDelayMs: 200 },
    log,
    onChange: () => states.push(supervisor.status().state),
  });
  cleanup.add(supervisor);
  return { supervisor, opened, speed, states };
}

describe('line-speed probing over a real pty', () => {
  it('tries each speed in order, keeps the first that gives a good frame, and reopens at it without probing', { timeout: 20_000 }, async () => {
    const { supervisor, opened, speed } = await rig(115_200);
    await supervisor.start();
    await eventually(() => supervisor.status().state === 'ready', 10_000);
    expect(opened.map((o) => o.rate)).toEqual([1200, 9600, 115_200]);
    expect(speed.rate()).toBe(115_200);
    expect(supervisor.counts()).toMatchObject({ attempts: 3, failures: 2 });

    // The link goes away; the reopen is at the kept speed, and ready at once (no probe's wait).
    await opened.at(-1)?.transport.close();
    await eventually(() => opened.length === 4 && supervisor.status().state === 'ready', 5000);
    expect(opened.map((o) => o.rate)).toEqual([1200, 9600, 115_200, 115_200]);
    expect(supervisor.counts()).toMatchObject({ attempts: 4, failures: 2, lost: 1 });
  });

  it('keeps the first speed that answers, not a later one', { timeout: 20_000 }, async () => {
    const { supervisor, opened, speed } = await rig(1200);
    await supervisor.start();
    expect(supervisor.status().state).toBe('ready');
    expect(opened.map((o) => o.rate)).toEqual([1200]);
    expect(speed.rate()).toBe(1200);
  });

  it('when no speed answers: `device.no-answer`, back at the first speed, retried in order with backoff', { timeout: 20_000 }, async () => {
    const { supervisor, opened, states } = await rig(undefined);
    await supervisor.start();
    expect(supervisor.status()).toMatchObject({ state: 'error', code: 'device.no-answer' });
    await eventually(() => opened.length >= 5, 10_000);
    expect(opened.slice(0, 5).map((o) => o.rate)).toEqual([1200, 9600, 115_200, 1200, 9600]);
    expect(states).not.toContain('ready');
  });

  it('does not probe a protocol with one speed', async () => {
    const speed = new LineSpeed([9600], pino({ level: 'silent' }), PROBE_MS);
    let asked = 0;
    const r = await speed.probe({ counters: () => ({ frames: 0, badFrames: 0, discardedBytes: 0 }), onBadFrame: () => () => undefined }, async () => {
      asked += 1;
      return { ok: true, value: undefined };
    });
    expect([r.ok, asked, speed.rate()]).toEqual([true, 0, 9600]);
  });
});
