/**
 * DeviceSupervisor on a fake clock, over in-memory transports: backoff, reopening after a lost link,
 * the initialisation at every open, logging once per change of condition, and close.
 * The same supervisor over real ptys and a real gate process: test/e2e/device_replug.test.ts.
 */
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceSupervisor, retryDelay, type Backoff } from '../../main/devices/supervisor.js';
import type { ByteTransport } from '../../drivers/transport.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { FakeTransport } from '../drivers/support.js';

const BACKOFF: Backoff = { firstDelayMs: 250, maxDelayMs: 10_000 };

/** A device over one fake transport; records whether it was closed. */
class FakeDevice {
  closed = false;
  constructor(readonly transport: FakeTransport) {}
  close(): Promise<void> {
    this.closed = true;
    return this.transport.close();
  }
}

interface Rig {
  readonly supervisor: DeviceSupervisor<FakeDevice>;
  /** What each open attempt returns, in order; the last one repeats. */
  readonly opens: (() => Result<FakeTransport, Failure>)[];
  readonly transports: FakeTransport[];
  readonly inits: FakeDevice[];
  readonly logs: { msg: string; level: number }[];
  /** Fake-clock times of every open attempt. */
  readonly attemptsAt: number[];
  changes: number;
}

function rig(init: (d: FakeDevice) => Promise<Result<void, Failure>> = () => Promise.resolve(ok(undefined))): Rig {
  const logs: Rig['logs'] = [];
  const log = pino({ level: 'info', base: null }, { write: (line: string) => void logs.push(JSON.parse(line) as Rig['logs'][number]) });
  const r: Rig = {
    opens: [],
    transports: [],
    inits: [],
    logs,
    attemptsAt: [],
    changes: 0,
    supervisor: new DeviceSupervisor<FakeDevice>({
      open: () => {
        r.attemptsAt.push(Date.now());
        const next = r.opens.length > 1 ? r.opens.shift() : r.opens[0];
        const opened = next?.() ?? err(failure('serial.absent', 'nothing there'));
        if (opened.ok) r.transports.push(opened.value);
        return Promise.resolve(opened as Result<ByteTransport, Failure>);
      },
      driver: (t) => new FakeDevice(t as FakeTransport),
      init: (d) => {
        r.inits.push(d);
        return init(d);
      },
      backoff: BACKOFF,
      log,
      onChange: () => void (r.changes += 1),
    }),
  };
  return r;
}

const absent = (): Result<FakeTransport, Failure> => err(failure('serial.absent', 'nothing at /dev/x'));
const present = (): Result<FakeTransport, Failure> => ok(new FakeTransport());
const messages = (r: Rig): string[] => r.logs.map((l) => l.msg);

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('retryDelay', () => {
  it('starts at firstDelayMs, doubles after each further failure, and stops at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 30].map((n) => retryDelay(n, BACKOFF))).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});

describe('DeviceSupervisor', () => {
  it('keeps trying a path that is not there on the backoff schedule, offline, logging it once', async () => {
    const r = rig();
    r.opens.push(absent);
    await r.supervisor.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(r.attemptsAt.slice(0, 9)).toEqual([0, 250, 750, 1750, 3750, 7750, 15_750, 25_750, 35_750]);
    expect(r.supervisor.status()).toEqual({ state: 'offline', since: 0 });
    expect(r.supervisor.counts()).toEqual({ attempts: r.attemptsAt.length, failures: r.attemptsAt.length, lost: 0 });
    expect(messages(r)).toEqual(['device offline; reopening when it is back']);
    // opening → offline, then nothing more to tell anyone while it stays offline
    expect(r.changes).toBe(1);
    await r.supervisor.close();
  });

  it('opens the device once its path appears, initialises it first, and says so once', async () => {
    const r = rig();
    r.opens.push(absent, absent, present);
    await r.supervisor.start();
    const seen: FakeDevice[] = [];
    r.supervisor.eachLink((d) => {
      seen.push(d);
      return () => undefined;
    });
    await vi.advanceTimersByTimeAsync(750);
    expect(r.supervisor.status()).toEqual({ state: 'ready', since: 750 });
    expect(r.inits).toHaveLength(1);
    expect(seen).toEqual(r.inits);
    expect(r.supervisor.current()).toBe(seen[0]);
    expect(messages(r)).toEqual(['device offline; reopening when it is back', 'device ready']);
    await r.supervisor.close();
  });

  it('reopens a lost link after firstDelayMs, with a new driver initialised again, and undoes what was attached to the old one', async () => {
    const r = rig();
    r.opens.push(present);
    await r.supervisor.start();
    const attached: string[] = [];
    r.supervisor.eachLink((d) => {
      attached.push(`attach ${r.inits.indexOf(d)}`);
      return () => attached.push(`undo ${r.inits.indexOf(d)}`);
    });
    r.transports[0]?.drop();
    expect(r.supervisor.status()).toMatchObject({ state: 'error', code: 'serial.disconnected' });
    expect(r.supervisor.current()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(249);
    expect(r.inits).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.supervisor.status().state).toBe('ready');
    expect(r.inits).toHaveLength(2);
    expect(r.inits[0]?.closed).toBe(true);
    expect(attached).toEqual(['attach 0', 'undo 0', 'attach 1']);
    expect(r.supervisor.counts()).toEqual({ attempts: 2, failures: 0, lost: 1 });
    expect(messages(r)).toEqual(['device ready', 'device link lost; reopening', 'device ready']);
    await r.supervisor.close();
  });

  it('closes a device whose initialisation fails, shows the error, and retries, logging a repeated failure once', async () => {
    const r = rig(() => Promise.resolve(err(failure('serial.write-failed', 'EIO'))));
    r.opens.push(present);
    await r.supervisor.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(r.inits.length).toBeGreaterThanOrEqual(4);
    expect(r.inits.every((d) => d.closed)).toBe(true);
    expect(r.supervisor.current()).toBeUndefined();
    expect(r.supervisor.status()).toEqual({ state: 'error', code: 'serial.write-failed', message: 'EIO' });
    expect(messages(r)).toEqual(['device failed; retrying']);
    await r.supervisor.close();
  });

  it('hands out nothing while the device is initialised: it is not ready until init returns', async () => {
    let release: (r: Result<void, Failure>) => void = () => undefined;
    const r = rig(() => new Promise((resolve) => (release = resolve)));
    r.opens.push(present);
    const started = r.supervisor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(r.supervisor.status()).toEqual({ state: 'opening' });
    expect(r.supervisor.current()).toBeUndefined();
    release(ok(undefined));
    await started;
    expect(r.supervisor.current()).toBe(r.inits[0]);
    await r.supervisor.close();
  });

  it('stops retrying once closed, closes the device, and shows it disconnected', async () => {
    const r = rig();
    r.opens.push(present);
    await r.supervisor.start();
    await r.supervisor.close();
    await r.supervisor.close();
    r.opens.splice(0, 1, absent);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(r.attemptsAt).toEqual([0]);
    expect(r.inits[0]?.closed).toBe(true);
    expect(r.supervisor.status()).toEqual({ state: 'disconnected' });
  });
});
