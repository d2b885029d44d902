/** Serial MRZ readers (docs/devices/mrz-line.md): the descriptor the registry lists. */
import { encodeZone } from '../../../drivers/reader/mrz-line/codec.js';
import { MrzLineReader } from '../../../drivers/reader/mrz-line/driver.js';
import { MrzZoneParser } from '../../../drivers/reader/mrz-line/parser.js';
import { MrzLineSimulator } from '../../../drivers/reader/mrz-line/simulator.js';
import { monotonicNow } from '../../../drivers/monotonic.js';
import type { MrzLineReaderConfig } from '../../../src/config/readers/mrz-line.js';
import type { ReaderProtocol } from '../protocol.js';
import { configuredBaud } from './baud.js';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907ABC<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<1', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

/** 200 zones (TD3 and TD1 alternating), with a line of noise every tenth. */
function benchStream(): Uint8Array {
  const parts: string[] = [];
  for (let i = 0; i < 200; i++) {
    parts.push(...(i % 2 === 0 ? TD3 : TD1));
    if (i % 10 === 0) parts.push('#noise');
  }
  return encodeZone(parts);
}

export const mrzLineProtocol: ReaderProtocol<MrzLineReaderConfig> = {
  role: 'reader',
  protocol: 'mrz-line',
  baudRates: (config) => configuredBaud(config.device),
  driver: (transport, config, clock) => new MrzLineReader(transport, { lineTimeoutMs: config.lineTimeoutMs }, clock),
  simulator: (devicePath, config) => MrzLineSimulator.open(devicePath, configuredBaud(config.device)[0]),
  bench: { parser: () => new MrzZoneParser(1500, monotonicNow), stream: benchStream },
};
