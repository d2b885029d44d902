/**
 * USBRelayN HID relays: the codec on the vendor library's bytes, and the driver over the simulated board at the
 * report level (the same HidTransport node-hid gives it): pulses, read-back, the safe state at every open and on
 * close, the board ID check, and unplug/replug under the DeviceSupervisor.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HidTransport } from '../../drivers/hid/transport.js';
import { decodeStatus, decodeSwitch, encodeStatus, encodeSwitch } from '../../drivers/relay/hid-relay/codec.js';
import { HidRelay } from '../../drivers/relay/hid-relay/driver.js';
import { HidRelaySimulator } from '../../drivers/relay/hid-relay/simulator.js';
import { DeviceSupervisor } from '../../main/devices/supervisor.js';
import { capturedLog } from '../harness/captured-log.js';
import { Cleanup, eventually, expectOk, hex, toHex } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

const instant = (): Promise<void> => Promise.resolve();

describe('USBRelay codec', () => {
  it('switch reports are the vendor library’s: report 0, FF/FD, the relay, zero padded to 9 bytes', () => {
    expect(toHex(encodeSwitch({ channel: 1, on: true }))).toBe('00 FF 01 00 00 00 00 00 00');
    expect(toHex(encodeSwitch({ channel: 2, on: false }))).toBe('00 FD 02 00 00 00 00 00 00');
    expect(decodeSwitch(hex('00 FF 08 00 00 00 00 00 00'))).toEqual({ ok: true, value: { channel: 8, on: true } });
    expect(decodeSwitch(hex('00 FE 01 00 00 00 00 00 00'))).toEqual({ ok: false, error: 'bad-command' });
    expect(decodeSwitch(hex('00 FF 09 00 00 00 00 00 00'))).toEqual({ ok: false, error: 'bad-channel' });
    expect(() => encodeSwitch({ channel: 0, on: true })).toThrow(RangeError);
  });

  it('the status report: the board ID in data bytes 0..4, the relay bits in byte 7, with or without the report ID byte', () => {
    const withId = encodeStatus({ boardId: 'QWERT', states: 0b101 });
    expect(toHex(withId)).toBe('00 51 57 45 52 54 00 00 05');
    expect(decodeStatus(withId)).toEqual({ ok: true, value: { boardId: 'QWERT', states: 5 } });
    expect(decodeStatus(withId.subarray(1))).toEqual({ ok: true, value: { boardId: 'QWERT', states: 5 } });
    expect(decodeStatus(hex('00 01 02 03 04 05 00 00 01'))).toEqual({ ok: false, error: 'bad-status' });
    expect(decodeStatus(new Uint8Array(3))).toEqual({ ok: false, error: 'bad-status' });
  });
});

async function rig(options: { safeState?: boolean[]; boardId?: string } = {}) {
  const sim = expectOk(await HidRelaySimulator.open());
  const relay = cleanup.add(new HidRelay(expectOk(await sim.device.open()), { sleep: instant, ...options }));
  return { sim, relay };
}

describe('USBRelay driver over the simulated board', () => {
  it('drives the safe state at init, pulses the gate channel away from it and back', async () => {
    const { sim, relay } = await rig({ safeState: [false, true] });
    expectOk(await relay.init());
    expect([sim.isOn(1), sim.isOn(2)]).toEqual([false, true]);
    expectOk(await relay.pulse(1, 200));
    expect(sim.commands().map((c) => [c.channel, c.on])).toEqual([
      [1, false],
      [2, true],
      [1, true],
      [1, false],
    ]);
    expect(sim.isOn(1)).toBe(false);
  });

  it('a relay that does not follow (welded) is reported: relay.not-switched, never a throw', async () => {
    const { sim, relay } = await rig();
    expectOk(await relay.init());
    sim.setStuck(1, true);
    const pulsed = await relay.pulse(1, 100);
    expect(pulsed.ok ? 'ok' : pulsed.error.code).toBe('relay.not-switched');
  });

  it('refuses a board with another ID', async () => {
    const { relay } = await rig({ boardId: 'OTHER' });
    const init = await relay.init();
    expect(init.ok ? 'ok' : init.error.code).toBe('relay.wrong-board');
  });

  it('close cuts a pulse short and leaves every channel in its safe state', async () => {
    const sim = expectOk(await HidRelaySimulator.open());
    const never = (_ms: number, signal: AbortSignal): Promise<void> => new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
    const relay = new HidRelay(expectOk(await sim.device.open()), { sleep: never, safeState: [false, false] });
    expectOk(await relay.init());
    const pulse = relay.pulse(2, 5000);
    await eventually(() => sim.isOn(2));
    await relay.close();
    expectOk(await pulse);
    expect([sim.isOn(1), sim.isOn(2)]).toEqual([false, false]);
    const after = await relay.pulse(1, 100);
    expect(after.ok ? 'ok' : after.error.code).toBe('relay.closed');
  });
});

describe('USBRelay under the DeviceSupervisor', () => {
  it('unplugged: offline; plugged back in with a relay left on: reopened and driven to its safe state before it is ready', async () => {
    const sim = expectOk(await HidRelaySimulator.open());
    const { log } = capturedLog();
    const supervisor = cleanup.add(
      new DeviceSupervisor<HidRelay, HidTransport>({
        open: () => sim.device.open(),
        driver: (t) => new HidRelay(t, { sleep: instant, safeState: [false] }),
        init: (d) => d.init(),
        backoff: { firstDelayMs: 20, maxDelayMs: 50 },
        log,
        onChange: () => undefined,
      }),
    );
    await supervisor.start();
    expect(supervisor.status().state).toBe('ready');
    sim.device.unplug();
    await eventually(() => supervisor.status().state === 'offline');
    // While it was away the relay was switched on by hand (or its power glitched).
    sim.device.replug();
    const manual = expectOk(await sim.device.open());
    expectOk(await manual.sendFeatureReport(encodeSwitch({ channel: 1, on: true })));
    await manual.close();
    expect(sim.isOn(1)).toBe(true);
    await eventually(() => supervisor.status().state === 'ready');
    expect(sim.isOn(1)).toBe(false);
    expectOk(await (supervisor.current()?.pulse(1, 100) ?? Promise.reject(new Error('not linked'))));
    expect(sim.commands().slice(-3).map((c) => c.on)).toEqual([false, true, false]);
  });
});
