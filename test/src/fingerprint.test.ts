/** Scored fingerprint matching (src/devices/fingerprint.ts) over the shipped table (src/devices/fingerprints.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchFingerprints, WEIGHTS, type PortFacts } from '../../src/devices/fingerprint.js';
import { FINGERPRINTS, PROTOCOL_ROLE, SUGGESTED_PROTOCOLS, type Fingerprint } from '../../src/devices/fingerprints.js';
import { APP_ROOT } from '../../main/resources.js';

const top = (facts: PortFacts) => matchFingerprints(facts).suggestions[0];
const scoreOf = (facts: PortFacts, protocol: string): number => matchFingerprints(facts).suggestions.find((s) => s.protocol === protocol)?.score ?? 0;

describe('matching a port against the table', () => {
  it('an exact vendor:product id beats a by-id name pattern for the same device', () => {
    const byId = { byIdNames: ['usb-1a86_USB_Serial-if00-port0'] };
    const usbId = { vendorId: '1a86', productId: '7523' };
    expect(scoreOf(usbId, 'lcus')).toBeGreaterThan(scoreOf(byId, 'lcus'));
    expect(scoreOf(byId, 'lcus')).toBeGreaterThan(0);
    expect(top({ ...usbId, ...byId })).toMatchObject({ protocol: 'lcus', fingerprint: 'ch340' });
    expect(matchFingerprints({ ...usbId, ...byId }).matched.map((m) => m.id)).toEqual(['ch340', 'ch340-by-id']);
  });

  it('an ambiguous CH340 suggests a relay, a scanner and a thermometer, each scored below a device that is only one thing', () => {
    const ch340 = matchFingerprints({ vendorId: '1a86', productId: '7523' }).suggestions;
    expect(ch340.map((s) => [s.protocol, s.role])).toEqual([
      ['lcus', 'relay'],
      ['line', 'scanner'],
      ['gy-mcu90614', 'thermometer'],
    ]);
    expect(new Set(ch340.map((s) => s.score))).toEqual(new Set([Math.round(WEIGHTS['usb-id'] / 3)]));
    const honeywell = top({ vendorId: '0c2e', productId: '0b8f' });
    expect(honeywell).toMatchObject({ protocol: 'line', score: WEIGHTS['usb-vendor'], fingerprint: 'honeywell' });
    expect(honeywell?.score).toBeGreaterThan(ch340[0]?.score ?? 100);
  });

  it('a name that says more than the bridge chip wins: a Honeywell by-id name on a CH340 ranks the scanner first', () => {
    const both = matchFingerprints({ vendorId: '1a86', productId: '7523', byIdNames: ['usb-Honeywell_Imaging_Scanner-if00-port0'] }).suggestions;
    expect(both[0]).toMatchObject({ protocol: 'line', fingerprint: 'honeywell-by-id', score: WEIGHTS['by-id'] });
    expect(both.map((s) => s.protocol)).toEqual(['line', 'lcus', 'gy-mcu90614']);
  });

  it('reads ids in any case and strings without udev: an FTDI known only by its product string', () => {
    expect(top({ vendorId: '0403', productId: '6001' })).toEqual(top({ vendorId: '0403', productId: '6001'.toUpperCase() }));
    expect(top({ vendorId: '0C2E', productId: '0001' })?.fingerprint).toBe('honeywell');
    expect(top({ manufacturer: 'FTDI', product: 'FT232R USB UART' })).toMatchObject({ protocol: 'body-mode', fingerprint: 'ftdi-ft232r-strings', score: Math.round(WEIGHTS['usb-strings'] / 2) });
    expect(top({ driver: 'cdc_acm' })).toMatchObject({ protocol: 'line', fingerprint: 'cdc-acm', score: WEIGHTS.driver });
  });

  it('suggests nothing for a port it knows nothing about, or an unknown id', () => {
    expect(matchFingerprints({})).toEqual({ matched: [], suggestions: [] });
    expect(matchFingerprints({ vendorId: '1234', productId: '5678', byIdNames: ['usb-Acme_Widget-if00'], driver: 'serial' })).toEqual({ matched: [], suggestions: [] });
  });

  it('names a reader that is not a serial port, and suggests no protocol for it', () => {
    expect(matchFingerprints({ vendorId: '0400', productId: 'c35a' })).toMatchObject({ suggestions: [], notSerial: { fingerprint: 'sam-usb', why: expect.stringContaining('not a serial port') } });
  });

  it('shares a row’s weight among its protocols and keeps each protocol’s best row', () => {
    const table: Fingerprint[] = [
      { id: 'two', label: 'two', match: { kind: 'usb-vendor', vendorId: 'aaaa' }, suggests: [{ protocol: 'sam', why: 'a' }, { protocol: 'wiegand', why: 'b' }] },
      { id: 'one', label: 'one', match: { kind: 'driver', driver: 'x' }, suggests: [{ protocol: 'wiegand', why: 'c' }] },
    ];
    expect(matchFingerprints({ vendorId: 'aaaa', driver: 'x' }, table).suggestions).toEqual([
      { protocol: 'sam', role: 'scanner', score: WEIGHTS['usb-vendor'] / 2, fingerprint: 'two', why: 'a' },
      { protocol: 'wiegand', role: 'scanner', score: WEIGHTS['usb-vendor'] / 2, fingerprint: 'two', why: 'b' },
    ]);
    expect(matchFingerprints({ driver: 'x' }, table).suggestions).toEqual([{ protocol: 'wiegand', role: 'scanner', score: WEIGHTS.driver, fingerprint: 'one', why: 'c' }]);
  });
});

describe('the fingerprint table', () => {
  it('has unique kebab-case ids, lowercase 4-digit USB ids, and each row suggests a protocol or says why it cannot', () => {
    expect(new Set(FINGERPRINTS.map((f) => f.id)).size).toBe(FINGERPRINTS.length);
    for (const row of FINGERPRINTS) {
      expect(row.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      if (row.match.kind === 'usb-id' || row.match.kind === 'usb-vendor') expect(row.match.vendorId).toMatch(/^[0-9a-f]{4}$/);
      if (row.match.kind === 'usb-id') expect(row.match.productId).toMatch(/^[0-9a-f]{4}$/);
      expect(row.suggests.length > 0 !== (row.notSerial !== undefined), row.id).toBe(true);
    }
    expect(Object.keys(PROTOCOL_ROLE).sort()).toEqual([...SUGGESTED_PROTOCOLS].sort());
  });

  it('every row is listed, with its sources, in docs/devices/discovery.md', () => {
    const page = readFileSync(join(APP_ROOT, 'docs', 'devices', 'discovery.md'), 'utf8');
    expect(FINGERPRINTS.map((f) => f.id).filter((id) => !page.includes(`| \`${id}\` |`))).toEqual([]);
  });
});
