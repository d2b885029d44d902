import type { BadgeUidFormat } from '../../drivers/reader/badge-uid/codec.js';
import { BadgeUidReader } from '../../drivers/reader/badge-uid/driver.js';
import { BadgeUidSimulator } from '../../drivers/reader/badge-uid/simulator.js';
import { readerPtySuite } from './reader_pty_suite.js';

// An RDM6300-style EM4100 reader; the fob printed 0013961168 (docs/devices/badge-uid.md §4).
const EM4100: BadgeUidFormat = { framing: 'stx-hex', uidBytes: 5, checksum: 'xor', byteOrder: 'msb-first', numberBytes: 'last-4', output: 'decimal' };

readerPtySuite({
  name: 'badge-uid',
  openSimulator: (p) => BadgeUidSimulator.open(p, EM4100),
  driver: (t) => new BadgeUidReader(t, EM4100),
  person: { idNumber: '11010519491231002X', name: 'Staff', validTo: '20300101', badge: '0013961168' },
  expected: { kind: 'badge', number: '0013961168' },
});
