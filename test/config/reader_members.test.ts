import { describe, expect, it } from 'vitest';
import { badgeUidReaderConfig } from '../../src/config/readers/badge-uid.js';
import { lineReaderConfig } from '../../src/config/readers/line.js';
import { mrzLineReaderConfig } from '../../src/config/readers/mrz-line.js';
import { wiegandReaderConfig } from '../../src/config/readers/wiegand.js';
import { badgeCredential, classifyScan } from '../../src/identity/classify.js';
import { badgeNumber } from '../../drivers/reader/badge-uid/codec.js';
import { hex } from '../drivers/support.js';

const simulated = { kind: 'simulated' } as const;
const serial = { kind: 'serial', path: '/dev/serial/by-id/usb-rfid-if00' } as const;

describe('reader config members (parsed directly, before the unions list them)', () => {
  it('line: accepts {kind, protocol, device} with defaults for everything else', () => {
    expect(lineReaderConfig.parse({ kind: 'scanner', protocol: 'line', device: simulated })).toEqual({
      kind: 'scanner',
      protocol: 'line',
      device: simulated,
      suffix: 'auto',
      aimPrefix: 'none',
      trigger: 'none',
      beep: 'none',
    });
  });

  it('mrz-line: a line timeout of 1.5 s by default, bounded', () => {
    expect(mrzLineReaderConfig.parse({ kind: 'mrz', protocol: 'mrz-line', device: serial })).toMatchObject({ lineTimeoutMs: 1500, device: { baudRate: 9600 } });
    const r = mrzLineReaderConfig.safeParse({ kind: 'mrz', protocol: 'mrz-line', device: serial, lineTimeoutMs: 50 });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['lineTimeoutMs']);
  });

  it('badge-uid: an RDM6300-style EM4100 reader by default', () => {
    expect(badgeUidReaderConfig.parse({ kind: 'badge', protocol: 'badge-uid', device: simulated })).toMatchObject({
      framing: 'stx-hex',
      uidBytes: 5,
      checksum: 'xor',
      byteOrder: 'msb-first',
      numberBytes: 'last-4',
      output: 'decimal',
    });
  });

  it('wiegand: data-hex lines and facility,card numbers by default; unknown fields refused by name', () => {
    expect(wiegandReaderConfig.parse({ kind: 'badge', protocol: 'wiegand', device: simulated })).toMatchObject({ encoding: 'data-hex', number: 'facility-card' });
    const r = wiegandReaderConfig.safeParse({ kind: 'badge', protocol: 'wiegand', device: simulated, bits: 26 });
    expect(r.success).toBe(false);
    const m = wiegandReaderConfig.safeParse({ kind: 'badge', protocol: 'wiegand', device: simulated, number: 'printed' });
    expect(m.success ? [] : m.error.issues.map((i) => i.path.join('.'))).toEqual(['number']);
  });
});

describe('a badge read over serial and typed by a wedge reader', () => {
  const keys = { hmacKey: new Uint8Array(32).fill(7), refKey: 'install' as const };

  it('are the same credential when the serial reader is configured as the wedge reader types (E7FADE26 → 3891977766)', () => {
    const format = { framing: 'stx-binary', uidBytes: 4, checksum: 'xor', byteOrder: 'msb-first', numberBytes: 'all', output: 'decimal' } as const;
    const typed = classifyScan('3891977766\r', keys);
    expect(typed.ok && typed.value).toEqual(badgeCredential(badgeNumber(hex('E7 FA DE 26'), format), keys));
    const reversed = badgeCredential(badgeNumber(hex('E7 FA DE 26'), { ...format, byteOrder: 'lsb-first' }), keys);
    expect(typed.ok && typed.value.ref).not.toBe(reversed.ref);
  });
});
