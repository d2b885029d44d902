/** LcusRelay.holdOpen: the fire alarm's override of the safe state (docs/inputs.md, docs/relay-safety.md). */
import { describe, expect, it } from 'vitest';
import { COMMAND_GAP_MS, LcusRelay } from '../../drivers/relay/lcus/driver.js';
import { expectOk, FakeTransport, toHex } from './support.js';

/** Logs every write; a pulse's hold lasts until something aborts it (close, or a hold on its channel). */
function heldRelay(safeState: boolean[] = [false], held?: ReadonlySet<number>) {
  const transport = new FakeTransport();
  const log: string[] = [];
  const write = transport.write.bind(transport);
  transport.write = (data) => {
    log.push(toHex(data));
    return write(data);
  };
  const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    ms === COMMAND_GAP_MS ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
  return { relay: new LcusRelay(transport, { sleep, safeState, ...(held === undefined ? {} : { held }) }), log };
}

describe('LCUS relay: holding channels open', () => {
  it('drives a held channel out of its safe state, and back when the hold ends', async () => {
    const { relay, log } = heldRelay([false, true]);
    expectOk(await relay.holdOpen(new Set([1, 2])));
    expect(log).toEqual(['A0 01 01 A2', 'A0 02 00 A2']);
    expectOk(await relay.holdOpen(new Set()));
    expect(log.slice(2)).toEqual(['A0 01 00 A1', 'A0 02 01 A3']);
  });

  it('cuts a pulse in progress on the channel short and leaves it open', async () => {
    const { relay, log } = heldRelay();
    const pulse = relay.pulse(1, 5000);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(log).toEqual(['A0 01 01 A2']); // the pulse is in its hold
    const hold = relay.holdOpen(new Set([1]));
    expectOk(await pulse);
    expectOk(await hold);
    expect(log).toEqual(['A0 01 01 A2', 'A0 01 01 A2', 'A0 01 01 A2']); // never "off"
  });

  it('a pulse on a held channel sends nothing; toSafeState and close leave it held', async () => {
    const { relay, log } = heldRelay([false], new Set([1]));
    expectOk(await relay.pulse(1, 200));
    expect(log).toEqual([]);
    expectOk(await relay.toSafeState());
    expect(log).toEqual(['A0 01 01 A2']);
    await relay.close();
    expect(log).toEqual(['A0 01 01 A2', 'A0 01 01 A2']);
  });

  it('throws at once for a bad channel (a caller bug)', () => {
    expect(() => heldRelay().relay.holdOpen(new Set([9]))).toThrow(RangeError);
  });
});
