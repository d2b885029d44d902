/** USB HID POS scanners (docs/devices/hid-pos.md): the descriptor the registry lists. */
import type { HidPosReaderConfig } from '../../../src/config/readers/hid-pos.js';
import { encodeScan, HID_POS_USAGE_PAGE, HONEYWELL_CODE_ID } from '../../../drivers/scanner/hid-pos/codec.js';
import { HidPosScanner } from '../../../drivers/scanner/hid-pos/driver.js';
import { HidPosParser } from '../../../drivers/scanner/hid-pos/parser.js';
import { HidPosSimulator } from '../../../drivers/scanner/hid-pos/simulator.js';
import { simulatedHid } from '../hid-endpoint.js';
import type { HidReaderProtocol } from '../protocol.js';

/** 2000 scans (ID numbers as Code 128, signed-code-sized QR payloads over several reports), a truncated report every tenth. */
function benchReports(): Uint8Array[] {
  const encoder = new TextEncoder();
  const reports: Uint8Array[] = [];
  for (let i = 0; i < 2000; i++) {
    const qr = i % 2 === 1;
    const text = qr ? `HC1:${'6BF+70790T9WJWG.FKY*4GO0.O1CV2'.repeat(4)}${i}` : `11010119900307${String(1000 + (i % 9000))}`;
    reports.push(...encodeScan({ symbology: qr ? ']Q1' : ']C0', data: encoder.encode(text), codeId: qr ? HONEYWELL_CODE_ID.qr : HONEYWELL_CODE_ID.code128 }));
    if (i % 10 === 0) reports.push(new Uint8Array(20));
  }
  return reports;
}

export const hidPosProtocol: HidReaderProtocol<HidPosReaderConfig> = {
  role: 'reader',
  protocol: 'hid-pos',
  transport: 'hid',
  usagePage: HID_POS_USAGE_PAGE,
  driver: (transport, config, clock) => new HidPosScanner(transport, { honeywell: config.honeywell }, clock),
  simulator: () => simulatedHid(HidPosSimulator.open()),
  bench: { parser: () => new HidPosParser('with-id'), reports: benchReports },
};
