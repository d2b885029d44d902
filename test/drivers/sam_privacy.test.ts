/**
 * What a read card leaves behind outside the card object: nothing. The name, number and address never appear
 * in anything the driver emits (reads other than the card itself, discarded runs, counters, failures) or
 * writes to the console, even when corrupted read replies are discarded; the photo never leaves the driver.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SamReader } from '../../drivers/id-card/sam/driver.js';
import { SAM_BAUD_RATE, SamSimulator, simulatedCard, simulatedPhoto } from '../../drivers/id-card/sam/simulator.js';
import type { ReaderDiscarded, ReaderRead, SimPerson } from '../../drivers/reader/reader.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import { encodeResponse, joinReadInfo } from '../../drivers/id-card/sam/codec.js';
import { encodeResidentBlock } from '../../drivers/id-card/sam/text-block.js';
import { Cleanup, concatBytes, eventually, expectOk, toHex } from './support.js';

const cleanup = new Cleanup();
afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup.closeAll();
});

const SECRET: SimPerson = { idNumber: '44052418800101001' + '4', name: '欧阳秘密', validTo: '20331111' };
const ADDRESS = '模拟省模拟市示例区示例路1号'; // what simulatedCard writes

/** Every Uint8Array anywhere inside `value`. */
function byteArrays(value: unknown, found: Uint8Array[] = []): Uint8Array[] {
  if (value instanceof Uint8Array) found.push(value);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) byteArrays(v, found);
  return found;
}

describe('SAM reader privacy', () => {
  it('emits the card only inside the id-card read; logs nothing; passes on no discarded bytes; never the photo', async () => {
    const printed: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
        printed.push(String(chunk));
        return write(chunk as string, ...rest);
      }) as typeof stream.write);
    }

    // Corrupted and cut replies, so that whole read replies (text and photo) end up discarded on the way.
    const device = cleanup.add(
      expectOk(await startSimulated((p) => SamSimulator.open(p, { presentForMs: 0, knobs: { refindAfterRead: true }, faults: { truncateRate: 0.3, badChecksumRate: 0.3, seed: 11 } }))),
    );
    const transport = expectOk(await openSerialTransport(device.hostPath, SAM_BAUD_RATE));
    const driver = cleanup.add(new SamReader(transport, { pollIntervalMs: 40, replyTimeoutMs: 300, readTimeoutMs: 1100, readAttempts: 2 }));
    const reads: ReaderRead[] = [];
    const bad: ReaderDiscarded[] = [];
    driver.onRead((r) => reads.push(r));
    driver.onBadFrame((b) => bad.push(b));
    const inits = [await driver.init()];
    for (let i = 0; i < 10 && !inits.at(-1)?.ok; i++) inits.push(await driver.init());
    // The card's whole read reply, once with a wrong checksum and once cut short: both must be discarded.
    const reply = encodeResponse(0x90, joinReadInfo({ text: encodeResidentBlock(simulatedCard(SECRET)), photo: simulatedPhoto(SECRET), fingerprint: new Uint8Array(0) }, false));
    const corrupted = reply.slice();
    corrupted[corrupted.length - 1] = (corrupted[corrupted.length - 1] ?? 0) ^ 0xff;
    await device.sim.injectRaw(concatBytes([corrupted, reply.subarray(0, 900)]));
    await device.sim.present(SECRET);
    await eventually(() => reads.some((r) => r.kind === 'id-card'), 15_000);
    expect(bad.some((b) => b.length >= 256)).toBe(true); // a discarded run big enough to hold the text block
    // Then a card the SAM refuses, for the unreadable path.
    device.sim.setKnobs({ readStatus: 0x33, refindAfterRead: false });
    device.sim.link.setFaults({ truncateRate: 0, badChecksumRate: 0 });
    device.sim.remove();
    await eventually(() => driver.pollCounts().polls > 0 && !device.sim.cardPresent);
    await new Promise((resolve) => setTimeout(resolve, 200)); // a few failed finds: the card has left
    await device.sim.present(SECRET);
    await eventually(() => reads.some((r) => r.kind === 'unreadable'), 15_000);

    const card = reads.find((r) => r.kind === 'id-card');
    expect(card?.kind === 'id-card' && card.card).toMatchObject({ name: SECRET.name, idNumber: SECRET.idNumber, address: ADDRESS });
    expect(Object.keys(card?.kind === 'id-card' ? card.card : {}).sort()).toEqual(['address', 'authority', 'birth', 'cardType', 'idNumber', 'name', 'nation', 'sex', 'validFrom', 'validTo']);

    // Everything else the driver gave out: reads without their card, discarded runs, counters, init results.
    const outside = JSON.stringify({
      reads: reads.map((r) => (r.kind === 'id-card' ? { kind: r.kind, at: r.at } : r)),
      bad: bad.map((b) => ({ ...b, bytes: toHex(b.bytes) })),
      counters: driver.counters(),
      polls: driver.pollCounts(),
      inits,
    });
    const utf16 = (s: string) => toHex(new Uint8Array(Buffer.from(s, 'utf16le')));
    const everything = [outside, ...printed].join('\n');
    for (const secret of [SECRET.name, SECRET.idNumber, ADDRESS, SECRET.idNumber.slice(0, 14), utf16(SECRET.name), utf16(SECRET.idNumber.slice(0, 8))]) {
      expect(everything).not.toContain(secret);
    }

    // The photo: no byte array leaves in any read, and discarded runs carry no bytes at all.
    expect(byteArrays(reads)).toEqual([]);
    expect(bad.every((b) => b.bytes.length === 0)).toBe(true);
    const photo = toHex(simulatedPhoto(SECRET).subarray(0, 24));
    expect(everything).not.toContain(photo);
  }, 60_000);
});
