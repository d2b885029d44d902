/** Wiegand readers behind a serial converter (docs/devices/wiegand.md): the descriptor the registry lists. */
import { encodeLine } from '../../../drivers/reader/wiegand/codec.js';
import { WiegandReader } from '../../../drivers/reader/wiegand/driver.js';
import { WiegandParser } from '../../../drivers/reader/wiegand/parser.js';
import { WiegandSimulator } from '../../../drivers/reader/wiegand/simulator.js';
import type { WiegandReaderConfig } from '../../../src/config/readers/wiegand.js';
import type { ReaderProtocol } from '../protocol.js';
import { configuredBaud } from './baud.js';

/** 5000 messages, 26- and 34-bit alternating, with a line of noise every tenth. */
function benchStream(): Uint8Array {
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) {
    lines.push(encodeLine({ bits: i % 2 === 0 ? 26 : 34, facility: i % 256, card: i }, 'bits-hex'));
    if (i % 10 === 0) lines.push('#noise');
  }
  return new TextEncoder().encode(lines.map((l) => `${l}\r`).join(''));
}

export const wiegandProtocol: ReaderProtocol<WiegandReaderConfig> = {
  role: 'reader',
  protocol: 'wiegand',
  baudRates: (config) => configuredBaud(config.device),
  driver: (transport, config, clock) => new WiegandReader(transport, config, clock),
  simulator: (devicePath, config) => WiegandSimulator.open(devicePath, config, configuredBaud(config.device)[0]),
  bench: { parser: () => new WiegandParser('bits-hex', 'facility-card'), stream: benchStream },
};
