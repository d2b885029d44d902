import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_GAP_MS, LcusRelay } from '../../drivers/relay/lcus/driver.js';
import { LcusRelaySimulator, type ReceivedCommand } from '../../drivers/relay/lcus/simulator.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import { Cleanup, eventually, expectOk, FakeTransport, hex, toHex } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

/**
 * A fake transport and sleep that log, in order, every write and every pause. Pauses end at once, except a
 * pulse's hold when `holdUntilAborted`: it lasts until close() aborts it.
 */
function loggedRelay(options: { safeState?: boolean[]; holdUntilAborted?: boolean; held?: ReadonlySet<number> } = {}) {
  const transport = new FakeTransport();
  const log: string[] = [];
  const write = transport.write.bind(transport);
  transport.write = (data) => {
    log.push(toHex(data));
    return write(data);
  };
  const sleep = (ms: number, signal: AbortSignal): Promise<void> => {
    log.push(`sleep ${ms}`);
    if (ms === COMMAND_GAP_MS || options.holdUntilAborted !== true) return Promise.resolve();
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
  };
  const relay = new LcusRelay(transport, { sleep, ...(options.safeState === undefined ? {} : { safeState: options.safeState }), ...(options.held === undefined ? {} : { held: options.held }) });
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

  it('ends a pulse in its safe state, then drives every channel to its safe state, before closing', async () => {
    const { transport, relay, log } = loggedRelay({ safeState: [false, false] });
    const pulse = relay.pulse(1, 100);
    await eventually(() => log.includes('A0 01 01 A2'));
    await relay.close();
    expect(log.filter((l) => l.startsWith('A0'))).toEqual(['A0 01 01 A2', 'A0 01 00 A1', 'A0 01 00 A1', 'A0 02 00 A2']);
    expect(transport.isOpen).toBe(false);
    expectOk(await pulse);
  });

  it('cuts the hold of a pulse short when closed mid-pulse: the gate does not stay open for the rest of it', async () => {
    const { relay, log } = loggedRelay({ holdUntilAborted: true });
    const pulse = relay.pulse(1, 5000);
    await eventually(() => log.includes('sleep 4950'));
    await relay.close();
    expect(log.filter((l) => l.startsWith('A0'))).toEqual(['A0 01 01 A2', 'A0 01 00 A1', 'A0 01 00 A1']);
    expectOk(await pulse);
  });

  it('refuses a pulse asked for but not yet started when closed: shutting down never opens the gate', async () => {
    const { relay, log } = loggedRelay();
    const pulse = relay.pulse(1, 100);
    await relay.close();
    const result = await pulse;
    expect(result.ok ? 'ok' : result.error.code).toBe('relay.closed');
    expect(log.filter((l) => l.startsWith('A0'))).toEqual(['A0 01 00 A1']);
  });

  it('refuses commands after close with relay.closed and sends nothing for them', async () => {
    const { relay, log } = loggedRelay();
    await relay.close();
    const sent = log.length;
    const results = await Promise.all([relay.pulse(1, 100), relay.set(1, true), relay.toSafeState()]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['relay.closed', 'relay.closed', 'relay.closed']);
    expect(log).toHaveLength(sent);
  });

  it('drives every listed channel to its own safe state, in channel order', async () => {
    const { relay, log } = loggedRelay({ safeState: [false, true, false] });
    expectOk(await relay.toSafeState());
    expect(log.filter((l) => l.startsWith('A0'))).toEqual(['A0 01 00 A1', 'A0 02 01 A3', 'A0 03 00 A3']);
  });

  it('pulses a channel whose safe state is on by releasing it, then energising it again', async () => {
    const { relay, log } = loggedRelay({ safeState: [true] });
    expectOk(await relay.pulse(1, 200));
    expect(log.filter((l) => l.startsWith('A0'))).toEqual(['A0 01 00 A1', 'A0 01 01 A2']);
  });

  it('tries every channel even when one write fails, and returns that failure', async () => {
    const { transport, relay, log } = loggedRelay({ safeState: [false, false] });
    await transport.close();
    const result = await relay.toSafeState();
    expect(result.ok ? 'ok' : result.error.code).toBe('serial.closed');
    expect(log).toEqual(['A0 01 00 A1', 'A0 02 00 A2']);
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

/** holdOpen: the fire alarm's override of the safe state (docs/inputs.md, docs/relay-safety.md). */
describe('LCUS relay: holding channels open', () => {
  it('drives a held channel out of its safe state, and back when the hold ends', async () => {
    const { relay, log } = loggedRelay({ safeState: [false, true] });
    expectOk(await relay.holdOpen(new Set([1, 2])));
    expect(log.filter((l) => l.startsWith('A0'))).toEqual(['A0 01 01 A2', 'A0 02 00 A2']);
    expectOk(await relay.holdOpen(new Set()));
    expect(log.filter((l) => l.startsWith('A0')).slice(2)).toEqual(['A0 01 00 A1', 'A0 02 01 A3']);
  });

  it('cuts a pulse in progress on the channel short and leaves it open', async () => {
    const { relay, log } = loggedRelay({ holdUntilAborted: true });
    const pulse = relay.pulse(1, 5000);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(log).toEqual(['A0 01 01 A2', `sleep ${COMMAND_GAP_MS}`, 'sleep 4950']); // the pulse is in its hold
    const hold = relay.holdOpen(new Set([1]));
    expectOk(await pulse);
    expectOk(await hold);
    expect(log.filter((l) => l.startsWith('A0'))).toEqual(['A0 01 01 A2', 'A0 01 01 A2', 'A0 01 01 A2']); // never "off"
  });

  it('a pulse on a held channel sends nothing; toSafeState and close leave it held', async () => {
    const { relay, log } = loggedRelay({ held: new Set([1]) });
    expectOk(await relay.pulse(1, 200));
    expect(log).toEqual([]);
    expectOk(await relay.toSafeState());
    await relay.close();
    expect(log.filter((l) => l.startsWith('A0'))).toEqual(['A0 01 01 A2', 'A0 01 01 A2']);
  });

  it('throws at once for a bad channel (a caller bug)', () => {
    expect(() => loggedRelay().relay.holdOpen(new Set([9]))).toThrow(RangeError);
  });
});
