/** Serial RFID badge readers that send card UIDs (docs/devices/badge-uid.md): the descriptor the registry lists. */
import { encodeFrame, type BadgeUidFormat } from '../../../drivers/reader/badge-uid/codec.js';
import { BadgeUidReader } from '../../../drivers/reader/badge-uid/driver.js';
import { BadgeUidParser } from '../../../drivers/reader/badge-uid/parser.js';
import { BadgeUidSimulator } from '../../../drivers/reader/badge-uid/simulator.js';
import type { BadgeUidReaderConfig } from '../../../src/config/readers/badge-uid.js';
import type { ReaderProtocol } from '../protocol.js';
import { configuredBaud } from './baud.js';

const BENCH_FORMAT: BadgeUidFormat = { framing: 'stx-hex', uidBytes: 5, checksum: 'xor', byteOrder: 'msb-first', numberBytes: 'last-4', output: 'decimal' };

/** 5000 EM4100 frames, with noise every tenth. */
function benchStream(): Uint8Array {
  const parts: number[] = [];
  for (let i = 0; i < 5000; i++) {
    parts.push(...encodeFrame(Uint8Array.of(0x01, i >> 24, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff), BENCH_FORMAT));
    if (i % 10 === 0) parts.push(0x55, 0xaa);
  }
  return Uint8Array.from(parts);
}

export const badgeUidProtocol: ReaderProtocol<BadgeUidReaderConfig> = {
  role: 'reader',
  protocol: 'badge-uid',
  baudRates: (config) => configuredBaud(config.device),
  driver: (transport, config, clock) => new BadgeUidReader(transport, config, clock),
  simulator: (devicePath, config) => BadgeUidSimulator.open(devicePath, config, configuredBaud(config.device)[0]),
  bench: { parser: () => new BadgeUidParser(BENCH_FORMAT), stream: benchStream },
};
