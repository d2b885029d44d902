/** The protocol registry agrees with the config unions: one descriptor per member, named as its key, of the right role. */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { READER_PROTOCOLS, THERMOMETER_PROTOCOLS, readerProtocolOf } from '../../main/devices/protocols/index.js';
import { deviceReaderMembers, isDeviceReader, readerConfig, readersConfig } from '../../src/config/readers.js';
import { thermometerConfig } from '../../src/config/thermometer.js';

/** Each member's `protocol` constant, as its JSON Schema states it (a member may default it, as gy-mcu90614 does). */
const protocolsOf = (options: readonly z.ZodType[]): string[] =>
  options.map((m) => String((z.toJSONSchema(m, { io: 'input' }).properties?.['protocol'] as { const?: unknown } | undefined)?.const)).sort();

describe('the protocol registry', () => {
  it('has one thermometer descriptor per member of the thermometer union, each under its own name, with a line speed', () => {
    expect(Object.keys(THERMOMETER_PROTOCOLS).sort()).toEqual(protocolsOf(thermometerConfig.options));
    for (const [key, d] of Object.entries(THERMOMETER_PROTOCOLS)) {
      expect([d.protocol, d.role]).toEqual([key, 'thermometer']);
      const config = thermometerConfig.parse({ protocol: key, device: { kind: 'simulated' } });
      expect(d.baudRates(config as never).length).toBeGreaterThan(0);
    }
  });

  it('has one reader descriptor per member of the reader union on a device (all but the page keyboard), each under its own name, with a line speed (serial) or on USB HID', () => {
    expect(Object.keys(READER_PROTOCOLS).sort()).toEqual(protocolsOf(deviceReaderMembers));
    expect(readerConfig.options.length - deviceReaderMembers.length).toBe(1); // the keyboard wedge
    for (const member of deviceReaderMembers) {
      const key = member.shape.protocol.value as keyof typeof READER_PROTOCOLS;
      const d = READER_PROTOCOLS[key];
      expect([d.protocol, d.role]).toEqual([key, 'reader']);
      const [config] = readersConfig.parse([{ kind: member.shape.kind.value, protocol: key, device: { kind: 'simulated' } }]);
      if (config === undefined || !isDeviceReader(config)) throw new Error(`no device config for ${key}`);
      const protocol = readerProtocolOf(config);
      if (protocol.transport === 'hid') {
        // A HID reader is found by its USB ids, never by a serial path.
        expect(member.shape.device.safeParse({ kind: 'hid', vendorId: '0c2e', productId: '0b8f' }).success).toBe(true);
        expect(member.shape.device.safeParse({ kind: 'serial', path: '/dev/ttyUSB0' }).success).toBe(false);
      }
      else expect(protocol.baudRates(config).length).toBeGreaterThan(0);
    }
  });
});
