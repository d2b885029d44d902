/**
 * SimLink on its own, over an in-memory transport (the link only writes: what reaches the transport is the whole
 * story). Each fault does what drivers/sim/sim-link.ts says, and a seed replays the same faults.
 */
import { describe, expect, it } from 'vitest';
import { SimLink, type LinkFaults } from '../../drivers/sim/sim-link.js';
import { concatBytes, FakeTransport, hex } from './support.js';

/** A 10-byte frame with its checksum before a tail, as `… SUM 55`. */
const FRAME = hex('AA A5 07 01 02 03 04 05 13 55');

function rig(faults: LinkFaults = {}) {
  const transport = new FakeTransport();
  const link = new SimLink(transport, faults);
  const reported: Uint8Array[] = [];
  link.onFrameWritten((bytes) => reported.push(bytes));
  return { transport, link, reported, wire: () => concatBytes(transport.written) };
}

/** What `frames` sends of `FRAME` with `faults`, one written run per frame. */
async function runs(faults: LinkFaults, frames: number): Promise<Uint8Array[]> {
  const { transport, link } = rig(faults);
  const out: Uint8Array[] = [];
  for (let i = 0; i < frames; i++) {
    await link.send(FRAME, { checksumAt: [-2] });
    out.push(concatBytes(transport.written.splice(0)));
  }
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

describe('SimLink faults', () => {
  it('without faults writes each frame whole, in one write, and reports it', async () => {
    const { transport, link, reported } = rig();
    await link.send(FRAME);
    expect(transport.written).toEqual([FRAME]);
    expect(reported).toEqual([FRAME]);
  });

  it('paces to the line speed: 10 bit times a byte', async () => {
    const { link, wire } = rig({ baudRate: 4800 });
    const frame = new Uint8Array(48).fill(0x11);
    const started = performance.now();
    await link.send(frame);
    // 48 bytes × 10 bits at 4800 bit/s = 100 ms (timers never fire early; the bound is a floor).
    expect(performance.now() - started).toBeGreaterThanOrEqual(98);
    expect(wire()).toEqual(frame);
  });

  it('splits a frame into writes of chunkSize bytes, chunkGapMs apart', async () => {
    const { transport, link, reported } = rig({ chunkSize: 3, chunkGapMs: 20 });
    const started = performance.now();
    await link.send(FRAME);
    expect(transport.written.map((w) => w.length)).toEqual([3, 3, 3, 1]);
    expect(concatBytes(transport.written)).toEqual(FRAME);
    expect(performance.now() - started).toBeGreaterThanOrEqual(58); // three gaps of 20 ms
    expect(reported).toEqual([FRAME]);
  });

  it('a checksum error changes the checksum bytes named, counted from either end, and nothing else', async () => {
    const [fromEnd] = await runs({ badChecksumRate: 1 }, 1);
    expect(fromEnd).toEqual(hex('AA A5 07 01 02 03 04 05 49 55'));
    const { link, wire } = rig({ badChecksumRate: 1 });
    await link.send(FRAME, { checksumAt: [2, -1] });
    expect(wire()).toEqual(hex('AA A5 5D 01 02 03 04 05 13 0F'));
  });

  it('a checksum error by default corrupts the last byte', async () => {
    const { link, wire } = rig({ badChecksumRate: 1 });
    await link.send(FRAME);
    expect(wire()).toEqual(hex('AA A5 07 01 02 03 04 05 13 0F'));
  });

  it('truncation sends a strict prefix and does not report the frame as written', async () => {
    const { link, wire, reported } = rig({ truncateRate: 1 });
    for (let i = 0; i < 50; i++) await link.send(FRAME);
    expect(reported).toEqual([]);
    for (const run of await runs({ truncateRate: 1 }, 50)) {
      expect(run.length).toBeLessThan(FRAME.length);
      expect(run).toEqual(FRAME.subarray(0, run.length));
    }
    expect(wire().length).toBeLessThan(50 * FRAME.length);
  });

  it('noise puts 1 to 8 bytes before an intact frame', async () => {
    for (const run of await runs({ noiseRate: 1 }, 50)) {
      const noise = run.length - FRAME.length;
      expect(noise).toBeGreaterThanOrEqual(1);
      expect(noise).toBeLessThanOrEqual(8);
      expect(run.subarray(noise)).toEqual(FRAME);
    }
  });

  it('garbling changes exactly one byte', async () => {
    for (const run of await runs({ garbleRate: 1 }, 50)) {
      expect(run.length).toBe(FRAME.length);
      expect(run.filter((b, i) => b !== FRAME[i])).toHaveLength(1);
    }
  });

  it('a rate between 0 and 1 hits about that share of frames', async () => {
    const out = await runs({ badChecksumRate: 0.3, seed: 7 }, 1000);
    const hit = out.filter((run) => !sameBytes(run, FRAME)).length;
    expect(hit).toBeGreaterThan(230);
    expect(hit).toBeLessThan(370);
  });

  it('a silent device writes nothing and reports nothing, and answers again once told to', async () => {
    const { transport, link, reported } = rig({ silent: true });
    await link.send(FRAME);
    await link.send(FRAME);
    expect(transport.written).toEqual([]);
    expect(reported).toEqual([]);
    link.setFaults({ silent: false });
    await link.send(FRAME);
    expect(transport.written).toEqual([FRAME]);
    expect(reported).toEqual([FRAME]);
  });

  it('sendRaw writes bytes exactly as given, whatever the faults, and does not report them as a frame', async () => {
    const { transport, link, reported } = rig({ badChecksumRate: 1, garbleRate: 1, noiseRate: 1, truncateRate: 1 });
    await link.sendRaw(FRAME);
    expect(transport.written).toEqual([FRAME]);
    expect(reported).toEqual([]);
  });

  it('frames sent at once never interleave, even split into pieces', async () => {
    const { link, wire } = rig({ chunkSize: 2, chunkGapMs: 1 });
    const other = hex('AA A5 03 09 0C 55');
    await Promise.all([link.send(FRAME), link.send(other), link.sendRaw(hex('00')), link.send(FRAME)]);
    expect(wire()).toEqual(concatBytes([FRAME, other, hex('00'), FRAME]));
  });

  it('a frame written after the link is gone is lost without an error or a report', async () => {
    const { transport, link, reported } = rig();
    transport.drop();
    await expect(link.send(FRAME)).resolves.toBeUndefined();
    expect(reported).toEqual([]);
  });

  it('close lets queued frames finish, then closes the transport', async () => {
    const { transport, link } = rig({ chunkSize: 4, chunkGapMs: 5 });
    void link.send(FRAME);
    await link.close();
    expect(concatBytes(transport.written)).toEqual(FRAME);
    expect(transport.isOpen).toBe(false);
  });
});

describe('SimLink seeds', () => {
  const ALL: LinkFaults = { badChecksumRate: 0.3, truncateRate: 0.2, noiseRate: 0.3, garbleRate: 0.2 };

  it('the same seed replays the same faults', async () => {
    expect(await runs({ ...ALL, seed: 42 }, 200)).toEqual(await runs({ ...ALL, seed: 42 }, 200));
  });

  it('another seed gives other faults', async () => {
    expect(await runs({ ...ALL, seed: 42 }, 200)).not.toEqual(await runs({ ...ALL, seed: 43 }, 200));
  });

  it('the default seed is 1', async () => {
    expect(await runs(ALL, 100)).toEqual(await runs({ ...ALL, seed: 1 }, 100));
  });

  it('setFaults with a seed restarts the generator; without one it carries on', async () => {
    const { transport, link } = rig({ ...ALL, seed: 5 });
    const take = async (n: number): Promise<Uint8Array[]> => {
      const out: Uint8Array[] = [];
      for (let i = 0; i < n; i++) {
        await link.send(FRAME, { checksumAt: [-2] });
        out.push(concatBytes(transport.written.splice(0)));
      }
      return out;
    };
    const first = await take(50);
    link.setFaults({ seed: 5 });
    expect(await take(50)).toEqual(first);
    link.setFaults({ noiseRate: 0.3 });
    expect(await take(50)).toEqual((await runs({ ...ALL, seed: 5 }, 100)).slice(50));
  });
});
