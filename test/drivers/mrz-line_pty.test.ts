import { MrzLineReader } from '../../drivers/reader/mrz-line/driver.js';
import { MrzLineSimulator } from '../../drivers/reader/mrz-line/simulator.js';
import { parseMrz } from '../../src/identity/mrz.js';
import { readerPtySuite } from './reader_pty_suite.js';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

readerPtySuite({
  name: 'mrz-line',
  openSimulator: (p) => MrzLineSimulator.open(p),
  driver: (t) => new MrzLineReader(t, { lineTimeoutMs: 300 }),
  person: { idNumber: '11010519491231002X', name: 'ERIKSSON ANNA', validTo: '20300101', mrz: TD3 },
  expected: { kind: 'mrz', lines: TD3 },
  // The zone's check digits are verified where it becomes a credential: a garbled zone either fails them or
  // still names the same document (a garbled name, which no check digit covers and the gate does not use).
  harmless: (read) => {
    if (read.kind !== 'mrz') return false;
    const doc = parseMrz(read.lines.join('\n'));
    return !doc.ok || (doc.value.documentNumber === 'L898902C3' && doc.value.issuingState === 'UTO');
  },
});
