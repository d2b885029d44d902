import { afterEach, describe, expect, it } from 'vitest';
import type { ReaderDiscarded, ReaderRead } from '../../drivers/reader/reader.js';
import { SamReader, type SamTimings } from '../../drivers/id-card/sam/driver.js';
import { SAM_BAUD_RATE, SamSimulator, type SamSimulatorOptions } from '../../drivers/id-card/sam/simulator.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import type { SimPerson } from '../../drivers/reader/reader.js';
import { Cleanup, eventually, expectOk } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

const ZHANG: SimPerson = { idNumber: '11010519491231002X', name: '张三丰', validTo: '20301231' };
const LI: SimPerson = { idNumber: '440524188001015368', name: '李四', validTo: '长期' };
const FAST: SamTimings = { pollIntervalMs: 40, replyTimeoutMs: 300, readTimeoutMs: 1100, readAttempts: 2 };

/** Simulator on the device side of a socat pair, driver on the host side, both through the real serialport binding. */
async function rig(options: SamSimulatorOptions = {}, timings: SamTimings = FAST) {
  const device = cleanup.add(expectOk(await startSimulated((path) => SamSimulator.open(path, { presentForMs: 0, ...options }))));
  const transport = expectOk(await openSerialTransport(device.hostPath, SAM_BAUD_RATE));
  const driver = cleanup.add(new SamReader(transport, timings));
  const reads: ReaderRead[] = [];
  const bad: ReaderDiscarded[] = [];
  driver.onRead((r) => reads.push(r));
  driver.onBadFrame((b) => bad.push(b));
  return { sim: device.sim, driver, transport, reads, bad };
}

const cards = (reads: readonly ReaderRead[]) => reads.flatMap((r) => (r.kind === 'id-card' ? [r.card] : []));
const finds = (sim: SamSimulator) => sim.commandsReceived().filter((c) => c === 'find').length;

describe('SAM reader driver and simulator over a socat pty pair', () => {
  it('checks the SAM, then reads a presented card once: its text, no photo', async () => {
    const { sim, driver, reads } = await rig();
    expectOk(await driver.init());
    expect(sim.commandsReceived()[0]).toBe('samStatus');
    await sim.present(ZHANG);
    await eventually(() => reads.length === 1, 3000);
    expect(reads[0]).toMatchObject({
      kind: 'id-card',
      card: { cardType: 'resident', name: '张三丰', sex: '2', birth: '19491231', idNumber: '11010519491231002X', validFrom: '20101231', validTo: '20301231' },
    });
    expect(Object.keys(reads[0] ?? {}).sort()).toEqual(['at', 'card', 'kind']);
    expect(sim.commandsReceived()).toEqual(expect.arrayContaining(['find', 'select', 'readText']));
  });

  it('does not read the same card again while it lies on the reader, and reads it again once re-presented', async () => {
    const { sim, driver, reads } = await rig();
    expectOk(await driver.init());
    await sim.present(LI);
    await eventually(() => reads.length === 1, 3000);
    const after = finds(sim);
    await eventually(() => finds(sim) >= after + 10, 3000); // polling goes on with the card there
    expect(reads).toHaveLength(1);
    expect(cards(reads)[0]?.validTo).toBe('长期');
    sim.remove();
    await sim.present(LI);
    await eventually(() => reads.length === 2, 3000);
    expect(cards(reads).map((c) => c.idNumber)).toEqual([LI.idNumber, LI.idNumber]);
  });

  it('reads once also from a reader that keeps finding the card after a read (the driver waits for a failed find)', async () => {
    const { sim, driver, reads } = await rig({ knobs: { refindAfterRead: true } });
    expectOk(await driver.init());
    await sim.present(ZHANG);
    await eventually(() => reads.length === 1, 3000);
    const after = finds(sim);
    await eventually(() => finds(sim) >= after + 10, 3000);
    expect(reads).toHaveLength(1);
    expect(sim.commandsReceived().filter((c) => c === 'readText')).toHaveLength(1);
    sim.remove();
    await eventually(() => finds(sim) >= after + 12, 3000);
    await sim.present(ZHANG);
    await eventually(() => reads.length === 2, 3000);
  });

  it('reads the card a timed presentation lays down, and nothing once it is taken away', async () => {
    const { sim, driver, reads } = await rig({ presentForMs: 800 });
    expectOk(await driver.init());
    await sim.present(ZHANG);
    await eventually(() => reads.length === 1, 3000);
    await eventually(() => !sim.cardPresent, 3000);
    expect(reads).toHaveLength(1);
  });

  it('reports a card the SAM cannot authenticate (0x31) once as unreadable, with the reason, until it is re-presented', async () => {
    const { sim, driver, reads } = await rig({ knobs: { readStatus: 0x31 } });
    expectOk(await driver.init());
    await sim.present(ZHANG);
    await eventually(() => reads.length === 1, 3000);
    expect(reads[0]).toMatchObject({ kind: 'unreadable', code: 'id-card.card-auth-failed' });
    const after = finds(sim);
    await eventually(() => finds(sim) >= after + 10, 3000);
    expect(reads).toHaveLength(1);
    expect(sim.commandsReceived().filter((c) => c === 'readText')).toHaveLength(2); // readAttempts
    sim.setKnobs({ readStatus: 0x90 });
    sim.remove();
    await eventually(() => finds(sim) >= after + 12, 3000);
    await sim.present(ZHANG);
    await eventually(() => cards(reads).length === 1, 3000);
  });

  it('reports a select failure (0x81) as unreadable', async () => {
    const { sim, driver, reads } = await rig({ knobs: { selectStatus: 0x81 } });
    expectOk(await driver.init());
    await sim.present(ZHANG);
    await eventually(() => reads.length === 1, 3000);
    expect(reads[0]).toMatchObject({ kind: 'unreadable', code: 'id-card.select-failed' });
  });

  it('fails init with the SAM’s status, or with no-answer from a reader that is silent', async () => {
    const broken = await rig({ knobs: { samStatus: 0x60 } });
    expect(await broken.driver.init()).toMatchObject({ ok: false, error: { code: 'id-card.sam-self-test-failed' } });
    const mute = await rig({ faults: { silent: true } });
    expect(await mute.driver.init()).toMatchObject({ ok: false, error: { code: 'id-card.no-answer' } });
    expect(mute.driver.pollCounts().timeouts).toBe(1);
  });

  it('resolves acknowledge without sending anything (the protocol has no beep command)', async () => {
    const { sim, driver } = await rig();
    const before = sim.commandsReceived().length;
    expect(await driver.acknowledge()).toEqual({ ok: true, value: undefined });
    expect(sim.commandsReceived().length).toBe(before);
  });

  it('stops polling at close()', async () => {
    const { sim, driver } = await rig();
    expectOk(await driver.init());
    await eventually(() => finds(sim) >= 3, 3000);
    await driver.close();
    const sent = sim.commandsReceived().length;
    await new Promise((resolve) => setTimeout(resolve, 300)); // several poll intervals: nothing may arrive in them
    expect(sim.commandsReceived().length).toBe(sent);
  });
});

describe('SAM reader under link faults', () => {
  it('still reads the card through checksum errors, once, and counts the bad frames', async () => {
    // A reader that halts the card after a read loses it with its reply (the person must lay it down again);
    // one that keeps finding it lets the driver try again at the next poll.
    const { sim, driver, reads, bad } = await rig({ faults: { badChecksumRate: 0.4, seed: 3 }, knobs: { refindAfterRead: true } });
    let init = await driver.init();
    for (let i = 0; i < 10 && !init.ok; i++) init = await driver.init();
    expectOk(init);
    await sim.present(ZHANG);
    await eventually(() => cards(reads).length === 1, 10_000);
    expect(cards(reads)[0]?.idNumber).toBe(ZHANG.idNumber);
    await eventually(() => bad.some((b) => b.reason === 'bad-checksum'), 5000);
    expect(driver.counters().badFrames).toBeGreaterThan(0);
    const polls = driver.pollCounts().polls;
    await eventually(() => driver.pollCounts().polls >= polls + 10, 5000);
    expect(cards(reads)).toHaveLength(1);
  }, 20_000);

  it('still reads the card through truncated frames, noise and garbled bytes', async () => {
    const { sim, driver, reads, bad } = await rig({ faults: { truncateRate: 0.3, noiseRate: 0.3, garbleRate: 0.2, seed: 7 }, knobs: { refindAfterRead: true } });
    let init = await driver.init();
    for (let i = 0; i < 10 && !init.ok; i++) init = await driver.init();
    expectOk(init);
    await sim.present(ZHANG);
    await eventually(() => cards(reads).length === 1, 15_000);
    expect(cards(reads)[0]).toMatchObject({ name: ZHANG.name, idNumber: ZHANG.idNumber });
    await eventually(() => new Set(bad.map((b) => b.reason)).size >= 2, 10_000);
    expect(bad.every((b) => b.bytes.length === 0 && b.length > 0)).toBe(true);
  }, 30_000);

  it('reassembles replies split into 7-byte pieces', async () => {
    const { sim, driver, transport, reads } = await rig({ faults: { chunkSize: 7, chunkGapMs: 1 } });
    let chunks = 0;
    transport.onData(() => (chunks += 1));
    expectOk(await driver.init());
    await sim.present(ZHANG);
    await eventually(() => reads.length === 1, 10_000);
    expect(cards(reads)).toHaveLength(1);
    expect(chunks).toBeGreaterThan(1295 / 7 / 4); // the read reply came in many pieces
    expect(driver.counters().badFrames).toBe(0);
  }, 20_000);

  it('does not wedge when the reader stops answering: counts timeouts, keeps polling, reads when it answers again', async () => {
    const { sim, driver, reads } = await rig();
    expectOk(await driver.init());
    sim.link.setFaults({ silent: true });
    await sim.present(ZHANG);
    await eventually(() => driver.pollCounts().timeouts >= 3, 5000);
    const polls = driver.pollCounts().polls;
    await eventually(() => driver.pollCounts().polls >= polls + 2, 5000);
    expect(reads).toHaveLength(0);
    sim.link.setFaults({ silent: false });
    await eventually(() => reads.length === 1, 5000);
    expect(reads[0]?.kind).toBe('id-card');
  });
});
