import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_GAP_MS, LcusRelay } from '../../drivers/relay/lcus/driver.js';
import { LcusRelaySimulator, type ReceivedCommand } from '../../drivers/relay/lcus/simulator.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import { Cleanup, eventually, expectOk, FakeTransport, hex, toHex } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

/** A fake transport and sleep that log, in order, every write and every pause. */
function loggedRelay() {
  const transport = new FakeTransport();
  const log: string[] = [];
  const write = transport.write.bind(transport);
  transport.write = (data) => {
    log.push(toHex(data));
    return write(data);
  };
  const relay = new LcusRelay(transport, (ms) => {
    log.push(`sleep ${ms}`);
    return Promise.resolve();
  });
  return { transport, relay, log };
}

describe('LCUS relay driver', () => {
  it('pulses on, holds, off, with the 50 ms gap after each command', async () => {
    const { relay, log } = loggedRelay();
    expectOk(await relay.pulse(1, 200));
    expect(log).toEqual(['A0 01 01 A2', `sleep ${COMMAND_GAP_MS}`, 'sleep 150', 'A0 01 00 A1', `sleep ${COMMAND_GAP_MS}`]);
  });

  it('runs concurrent calls one at a time, in call order', async () => {
    const { relay, log } = loggedRelay();
    const results = await Promise.all([relay.pulse(1, 100), relay.set(2, true), relay.pulse(1, 100)]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(log.filter((l) => l.startsWith('A0'))).toEqual(['A0 01 01 A2', 'A0 01 00 A1', 'A0 02 01 A3', 'A0 01 01 A2', 'A0 01 00 A1']);
  });

  it('does not send "off" when "on" could not be written', async () => {
    const { transport, relay, log } = loggedRelay();
    await transport.close();
    const result = await relay.pulse(1, 200);
    expect(result.ok ? 'ok' : result.error.code).toBe('serial.closed');
    expect(log).toEqual(['A0 01 01 A2']);
  });

  it('throws at once for a bad channel or pulse length (caller bugs)', () => {
    const { relay } = loggedRelay();
    expect(() => relay.set(9, true)).toThrow(RangeError);
    expect(() => relay.pulse(1, Number.NaN)).toThrow(RangeError);
  });

  it('finishes a pulse before closing', async () => {
    const { transport, relay, log } = loggedRelay();
    const pulse = relay.pulse(1, 100);
    await relay.close();
    expect(log.at(-2)).toBe('A0 01 00 A1');
    expect(transport.isOpen).toBe(false);
    expectOk(await pulse);
  });
});

describe('LCUS relay driver and simulator over a socat pty pair', () => {
  async function rig() {
    const device = cleanup.add(expectOk(await startSimulated((path) => LcusRelaySimulator.open(path, () => performance.now()))));
    const transport = expectOk(await openSerialTransport(device.hostPath, 9600));
    const relay = cleanup.add(new LcusRelay(transport));
    return { sim: device.sim, relay, transport };
  }

  it('switches on, then off no sooner than the pulse length later', async () => {
    const { sim, relay } = await rig();
    const seen: ReceivedCommand[] = [];
    sim.onCommand((c) => seen.push(c));
    expectOk(await relay.pulse(3, 200));
    await eventually(() => seen.length === 2);
    const [on, off] = seen;
    expect([on?.channel, on?.on, off?.channel, off?.on]).toEqual([3, true, 3, false]);
    expect((off?.at ?? 0) - (on?.at ?? 0)).toBeGreaterThanOrEqual(195); // timers may fire up to ~1 ms early
    expect(sim.commands()).toEqual(seen);
    expect(sim.badCommands()).toBe(0);
  });

  it('simulator counts corrupted commands and still obeys the next good one', async () => {
    const { sim, relay, transport } = await rig();
    expectOk(await transport.write(hex('A0 01 01 A3 00 A0 09 01 AA')));
    expectOk(await relay.set(1, true));
    await eventually(() => sim.commands().length === 1);
    expect(sim.commands()[0]).toMatchObject({ channel: 1, on: true });
    expect(sim.badCommands()).toBe(2);
  });
});
