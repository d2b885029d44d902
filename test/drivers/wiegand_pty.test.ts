import { WiegandReader } from '../../drivers/reader/wiegand/driver.js';
import { WiegandSimulator } from '../../drivers/reader/wiegand/simulator.js';
import { readerPtySuite } from './reader_pty_suite.js';

// A converter passing whole 26-bit messages, parity included (docs/devices/wiegand.md §2).
const OPTIONS = { encoding: 'bits-binary', number: 'facility-card' } as const;

readerPtySuite({
  name: 'wiegand',
  openSimulator: (p) => WiegandSimulator.open(p, OPTIONS),
  driver: (t) => new WiegandReader(t, OPTIONS),
  person: { idNumber: '11010519491231002X', name: 'Staff', validTo: '20300101', badge: '213,02000' },
  expected: { kind: 'badge', number: '213,02000' },
});
