/** Text-line thermometers as the gate wires them (docs/devices/ascii-line.md). */
import type { AsciiLineConfig } from '../../../src/config/thermometers/ascii-line.js';
import { DEFAULT_LINE_FORMAT, DEFAULT_LINE_PATTERN } from '../../../src/config/thermometers/ascii-line.js';
import { renderLine, TERMINATOR_TEXT } from '../../../drivers/thermometer/ascii-line/codec.js';
import { AsciiLineThermometer, type AsciiLineOptions } from '../../../drivers/thermometer/ascii-line/driver.js';
import { AsciiLineParser } from '../../../drivers/thermometer/ascii-line/parser.js';
import { AsciiLineSimulator } from '../../../drivers/thermometer/ascii-line/simulator.js';
import { boundedRegExp } from '../../../drivers/regexp-bounded.js';
import type { ThermometerProtocol } from '../protocol.js';

/** The driver's options from a config (whose pattern was checked when it loaded). */
export const asciiLineOptions = (config: AsciiLineConfig): AsciiLineOptions => ({
  pattern: boundedRegExp(config.pattern),
  unit: config.unit,
  terminator: config.terminator,
  query: config.query,
  basis: config.basis,
});

/** The default format's lines with varying readings, every 20th line one that does not match. */
function benchStream(): Uint8Array {
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    lines.push(renderLine(DEFAULT_LINE_FORMAT, { objectC: 30 + (i % 800) / 100, ambientC: 20 + (i % 500) / 100 }, 'C') + TERMINATOR_TEXT.CRLF);
    if (i % 20 === 19) lines.push(`ERR 04${TERMINATOR_TEXT.CRLF}`);
  }
  return new TextEncoder().encode(lines.join(''));
}

export const asciiLineProtocol: ThermometerProtocol<AsciiLineConfig> = {
  protocol: 'ascii-line',
  role: 'thermometer',
  baudRates: (config) => [config.device.kind === 'serial' ? config.device.baudRate : 9600],
  bench: { parser: () => new AsciiLineParser({ pattern: boundedRegExp(DEFAULT_LINE_PATTERN), unit: 'C', terminator: 'CRLF' }), stream: benchStream },
  driver: (transport, config, clock) => new AsciiLineThermometer(transport, asciiLineOptions(config), clock),
  simulator: (devicePath, config) =>
    AsciiLineSimulator.open(devicePath, { format: config.simulatedFormat, unit: config.unit, terminator: config.terminator, query: config.query }),
};
