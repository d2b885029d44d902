/**
 * The pty tests every reader protocol on a serial line runs (notes: each SimLink fault, stops answering,
 * unplug/replug): the real driver over a real socat pty pair and the real serialport binding, the protocol's
 * simulator on the device side. Each protocol's `<protocol>_pty.test.ts` calls `readerPtySuite` with its parts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ReadBody } from '../../drivers/reader/parsed-reader.js';
import type { ReaderDriver, ReaderRead, ReaderSimulator, SimPerson } from '../../drivers/reader/reader.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import type { LinkFaults } from '../../drivers/sim/sim-link.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import type { ByteTransport } from '../../drivers/transport.js';
import type { Failure, Result } from '../../src/result.js';
import { deviceLinkDir, PluggableDevice } from '../harness/pluggable-device.js';
import { Cleanup, eventually, expectOk } from './support.js';

export interface FaultableSimulator extends ReaderSimulator {
  setFaults(faults: LinkFaults): void;
}

export interface ReaderPtyParts {
  readonly name: string;
  readonly openSimulator: (devicePath: string) => Promise<Result<FaultableSimulator, Failure>>;
  readonly driver: (transport: ByteTransport) => ReaderDriver;
  readonly person: SimPerson;
  /** What the driver reads when `person` is presented, without `at`. */
  readonly expected: ReadBody;
  /**
   * Whether a read that arrived under a fault is harmless: by default only `expected` is. A protocol whose
   * integrity check is downstream (an MRZ's check digits) or absent says which reads its caller rejects.
   */
  readonly harmless?: (read: ReadBody) => boolean;
  /** Whether the protocol can tell a corrupted or truncated frame (a checksum, a fixed shape). Default true. */
  readonly detectsCorruption?: boolean;
}

const sameAs = (expected: ReadBody) => (r: ReadBody): boolean => JSON.stringify(r) === JSON.stringify(expected);

const withoutAt = (read: ReaderRead): ReadBody => {
  const { at: _at, ...rest } = read;
  return rest as ReadBody;
};

export function readerPtySuite(parts: ReaderPtyParts): void {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.closeAll());

  const same = sameAs(parts.expected);

  async function rig() {
    const device = cleanup.add(expectOk(await startSimulated(parts.openSimulator)));
    const driver = cleanup.add(parts.driver(expectOk(await openSerialTransport(device.hostPath, 9600))));
    const reads: ReadBody[] = [];
    const bad: string[] = [];
    driver.onRead((r) => reads.push(withoutAt(r)));
    driver.onBadFrame((b) => bad.push(b.reason));
    expectOk(await driver.init());
    return { sim: device.sim, driver, reads, bad };
  }

  /** Presents the person with `faults` `times` times, then once more cleanly; waits for that clean read. */
  async function afterFaults(faults: LinkFaults, times = 3) {
    const r = await rig();
    r.sim.setFaults(faults);
    for (let i = 0; i < times; i++) await r.sim.present(parts.person);
    r.sim.setFaults({ badChecksumRate: 0, truncateRate: 0, noiseRate: 0, garbleRate: 0, silent: false });
    await r.sim.present(parts.person);
    await r.sim.present(parts.person);
    await eventually(() => r.reads.some(same), 5000);
    return r;
  }

  describe(`${parts.name} driver and simulator over a socat pty pair`, () => {
    it('reads what is presented', async () => {
      const { sim, reads, bad } = await rig();
      await sim.present(parts.person);
      await eventually(() => reads.length === 1);
      expect(reads).toEqual([parts.expected]);
      expect(bad).toEqual([]);
    });

    it('reassembles reads split into 1- and 3-byte pieces', async () => {
      const { sim, reads } = await rig();
      sim.setFaults({ chunkSize: 1, chunkGapMs: 1 });
      await sim.present(parts.person);
      sim.setFaults({ chunkSize: 3 });
      await sim.present(parts.person);
      await eventually(() => reads.length === 2, 5000);
      expect(reads).toEqual([parts.expected, parts.expected]);
    });

    it.each([
      ['checksum errors', { badChecksumRate: 1 }],
      ['truncated frames', { truncateRate: 1 }],
      ['noise before frames', { noiseRate: 1, seed: 7 }],
      ['garbled bytes', { garbleRate: 1, seed: 3 }],
    ] as const)('never passes on a wrong read under %s, counts them, and reads again once they stop', async (_name, faults) => {
      const { reads, bad, driver } = await afterFaults(faults);
      expect(reads.filter((r) => !same(r) && parts.harmless?.(r) !== true)).toEqual([]);
      if (parts.detectsCorruption !== false && !('noiseRate' in faults) && !('garbleRate' in faults)) {
        expect(bad.length).toBeGreaterThan(0);
        expect(driver.counters().badFrames).toBe(bad.length);
      }
    });

    it('gives no read while the device stops answering, does not wedge, and reads when it answers again', async () => {
      const { sim, reads } = await rig();
      sim.setFaults({ silent: true });
      for (let i = 0; i < 3; i++) await sim.present(parts.person);
      sim.setFaults({ silent: false });
      await sim.present(parts.person);
      await eventually(() => reads.length === 1);
      expect(reads).toEqual([parts.expected]);
    });

    it('reports an unplug, and a new driver reads after the device is plugged in again', async () => {
      const links = cleanup.add(deviceLinkDir());
      const device = cleanup.add(PluggableDevice.in(links.dir, parts.name, parts.openSimulator));
      await device.plug();
      const first = parts.driver(expectOk(await openSerialTransport(device.hostPath, 9600)));
      cleanup.add(first);
      const reads: ReadBody[] = [];
      first.onRead((r) => reads.push(withoutAt(r)));
      await device.sim.present(parts.person);
      await eventually(() => reads.length === 1);
      await device.unplug();
      const gone = await openSerialTransport(device.hostPath, 9600);
      expect(gone.ok ? 'ok' : gone.error.code).toBe('serial.absent');
      await device.plug();
      const second = cleanup.add(parts.driver(expectOk(await openSerialTransport(device.hostPath, 9600))));
      second.onRead((r) => reads.push(withoutAt(r)));
      expectOk(await second.init());
      await device.sim.present(parts.person);
      await eventually(() => reads.length === 2);
      expect(reads).toEqual([parts.expected, parts.expected]);
    });
  });
}
