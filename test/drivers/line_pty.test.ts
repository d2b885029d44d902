import { afterEach, describe, expect, it } from 'vitest';
import type { ReaderRead } from '../../drivers/reader/reader.js';
import { LineScanner, type LineScannerOptions } from '../../drivers/scanner/line/driver.js';
import { LineScannerSimulator } from '../../drivers/scanner/line/simulator.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import { readerPtySuite } from './reader_pty_suite.js';
import { Cleanup, eventually, expectOk } from './support.js';

const PERSON = { idNumber: '11010519491231002X', name: 'Zhang Wei', validTo: '20300101' };

readerPtySuite({
  name: 'line',
  openSimulator: (p) => LineScannerSimulator.open(p),
  driver: (t) => new LineScanner(t),
  person: PERSON,
  expected: { kind: 'text', text: PERSON.idNumber },
  // A serial scanner sends no check of its own: a garbled or truncated code is passed on, and the code's own
  // checks refuse it (the ID number's MOD 11-2 check character, a signed code's signature).
  harmless: (read) => read.kind === 'text',
  detectsCorruption: false,
});

describe('line scanner commands over a socat pty pair', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.closeAll());

  async function rig(options: LineScannerOptions) {
    const device = cleanup.add(expectOk(await startSimulated((p) => LineScannerSimulator.open(p))));
    const scanner = new LineScanner(expectOk(await openSerialTransport(device.hostPath, 9600)), options);
    const reads: ReaderRead[] = [];
    scanner.onRead((r) => reads.push(r));
    return { sim: device.sim, scanner, reads, close: () => scanner.close() };
  }

  it('honeywell trigger: triggers at init and after each read, untriggers at close', async () => {
    const { sim, scanner, reads } = await rig({ trigger: 'honeywell' });
    expectOk(await scanner.init());
    await eventually(() => sim.commands().length === 1);
    await sim.present(PERSON);
    await eventually(() => reads.length === 1 && sim.commands().length === 2);
    await scanner.close();
    await eventually(() => sim.commands().length === 3);
    expect(sim.commands()).toEqual(['trigger', 'trigger', 'untrigger']);
  });

  it('honeywell beep: acknowledge() sends SYN BEL CR; without it, nothing is sent', async () => {
    const beeping = await rig({ beep: 'honeywell' });
    cleanup.add(beeping);
    expectOk(await beeping.scanner.init());
    expectOk(await beeping.scanner.acknowledge());
    await eventually(() => beeping.sim.commands().length === 1);
    expect(beeping.sim.commands()).toEqual(['beep']);

    const quiet = await rig({});
    expectOk(await quiet.scanner.init());
    expectOk(await quiet.scanner.acknowledge());
    await quiet.sim.present(PERSON); // a read arriving proves the link is up; nothing was written before it
    await eventually(() => quiet.reads.length === 1);
    await quiet.scanner.close();
    expect(quiet.sim.commands()).toEqual([]);
  });

  it('strip: reports the AIM symbology of a prefixed scan', async () => {
    const { sim, reads, close } = await rig({ aimPrefix: 'strip', suffix: 'crlf' });
    cleanup.add({ close });
    await sim.scan('HC1:ABC', { aimPrefix: ']Q1', terminator: '\r\n' });
    await eventually(() => reads.length === 1);
    expect(reads[0]).toMatchObject({ kind: 'text', text: 'HC1:ABC', symbology: ']Q1' });
  });
});
