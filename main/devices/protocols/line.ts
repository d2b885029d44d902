/** QR/barcode scanners in serial-emulation mode (docs/devices/line.md): the descriptor the registry lists. */
import { LineScanner } from '../../../drivers/scanner/line/driver.js';
import { LineScanParser } from '../../../drivers/scanner/line/scan-parser.js';
import { LineScannerSimulator } from '../../../drivers/scanner/line/simulator.js';
import type { LineReaderConfig } from '../../../src/config/readers/line.js';
import type { ReaderProtocol } from '../protocol.js';
import { configuredBaud } from './baud.js';

/** 2000 codes (ID numbers, QR payloads with AIM prefixes), CR LF terminated, with an empty line every tenth. */
function benchStream(): Uint8Array {
  const lines: string[] = [];
  for (let i = 0; i < 2000; i++) {
    lines.push(i % 2 === 0 ? `11010119900307${String(1000 + (i % 9000))}` : `]Q1HC1:${'6BF+70790T9WJWG.FKY*4GO0.O1CV2'.repeat(4)}${i}`);
    if (i % 10 === 0) lines.push('');
  }
  return new TextEncoder().encode(lines.map((l) => `${l}\r\n`).join(''));
}

export const lineProtocol: ReaderProtocol<LineReaderConfig> = {
  role: 'reader',
  protocol: 'line',
  baudRates: (config) => configuredBaud(config.device),
  driver: (transport, config, clock) => new LineScanner(transport, config, clock),
  simulator: (devicePath) => LineScannerSimulator.open(devicePath),
  bench: { parser: () => new LineScanParser('auto', 'strip'), stream: benchStream },
};
