import { afterEach, describe, expect, it } from 'vitest';
import { SamReader } from '../../drivers/id-card/sam/driver.js';
import { SAM_BAUD_RATE, SamSimulator } from '../../drivers/id-card/sam/simulator.js';
import type { ReaderRead, SimPerson } from '../../drivers/reader/reader.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import type { Failure } from '../../src/result.js';
import { deviceLinkDir, PluggableDevice } from '../harness/pluggable-device.js';
import { Cleanup, eventually, expectOk, pidsMentioning } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

const WANG: SimPerson = { idNumber: '53010219200508011X', name: '王五', validTo: '20291001' };
const TIMINGS = { pollIntervalMs: 40, replyTimeoutMs: 300, readTimeoutMs: 3000, readAttempts: 2 };

describe('SAM reader unplugged mid-read and plugged in again', () => {
  it('loses the read in flight without a read event, stops polling, and reads the card after the replug', async () => {
    const links = cleanup.add(deviceLinkDir());
    // 9600 bit/s in 64-byte pieces: the 1295-byte reply takes ~1.4 s, so the unplug lands inside it.
    const device = cleanup.add(PluggableDevice.in(links.dir, 'sam', (p) => SamSimulator.open(p, { baudRate: 9600, faults: { chunkSize: 64, chunkGapMs: 1 }, presentForMs: 0 })));
    await device.plug();

    const transport = expectOk(await openSerialTransport(device.hostPath, SAM_BAUD_RATE));
    const driver = cleanup.add(new SamReader(transport, TIMINGS));
    const reads: ReaderRead[] = [];
    driver.onRead((r) => reads.push(r));
    const closed: (Failure | undefined)[] = [];
    transport.onClose((reason) => closed.push(reason));
    let received = 0;
    transport.onData((chunk) => (received += chunk.length));
    expectOk(await driver.init());
    await device.sim.present(WANG);
    await eventually(() => device.sim.commandsReceived().includes('readText'), 5000);
    const before = received;
    await eventually(() => received >= before + 200, 5000); // part of the read reply is in
    // Pulled out: socat dies with the reply half written (closing the simulator would let it finish first).
    for (const pid of pidsMentioning(device.hostPath)) process.kill(pid, 'SIGKILL');

    await eventually(() => closed.length === 1, 3000);
    expect(closed[0]?.code).toBe('serial.disconnected');
    const polls = driver.pollCounts().polls;
    await new Promise((resolve) => setTimeout(resolve, 300)); // several poll intervals: the loop must have ended
    expect(driver.pollCounts().polls).toBe(polls);
    expect(reads).toEqual([]);
    await driver.close();
    await device.unplug();

    await device.plug();
    const again = expectOk(await openSerialTransport(device.hostPath, SAM_BAUD_RATE));
    const replugged = cleanup.add(new SamReader(again, TIMINGS));
    const readsAfter: ReaderRead[] = [];
    replugged.onRead((r) => readsAfter.push(r));
    expectOk(await replugged.init());
    await device.sim.present(WANG);
    await eventually(() => readsAfter.length === 1, 10_000);
    expect(readsAfter[0]).toMatchObject({ kind: 'id-card', card: { idNumber: WANG.idNumber } });
  }, 30_000);
});
