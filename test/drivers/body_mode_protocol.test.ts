/** The body-mode config member and descriptor: what a config gives, and the line speeds it opens at. */
import { describe, expect, it } from 'vitest';
import { bodyModeBaudRates, bodyModeProtocol, DEVICE_REF_DEFAULT_BAUD } from '../../main/devices/protocols/body-mode.js';
import { deviceRef } from '../../src/config/device-ref.js';
import { bodyModeConfig } from '../../src/config/thermometers/body-mode.js';

const serial = (extra: Record<string, unknown> = {}) => ({ kind: 'serial', path: '/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A1-if00-port0', ...extra });

describe('body-mode config and line speeds', () => {
  it('parses a minimal member with the shared thermometer defaults, compensation none', () => {
    const c = bodyModeConfig.parse({ protocol: 'body-mode', device: { kind: 'simulated' } });
    expect(c).toMatchObject({ protocol: 'body-mode', queryHz: 5, offsetC: 0, compensation: { kind: 'none' } });
  });

  it('names an unknown or wrong field by path', () => {
    const bad = bodyModeConfig.safeParse({ protocol: 'body-mode', device: { kind: 'simulated' }, offsetC: 20, factor: 1 });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.') || i.code).sort()).toEqual(['offsetC', 'unrecognized_keys']);
  });

  it('knows the default deviceRef gives a serial port', () => {
    const parsed = deviceRef.parse(serial());
    expect(parsed.kind === 'serial' && parsed.baudRate).toBe(DEVICE_REF_DEFAULT_BAUD);
  });

  it('opens at the module’s 38400 first when the config leaves the speed out (or says 9600), then 9600', () => {
    expect(bodyModeBaudRates(bodyModeConfig.parse({ protocol: 'body-mode', device: serial() }))).toEqual([38_400, 9600]);
    expect(bodyModeBaudRates(bodyModeConfig.parse({ protocol: 'body-mode', device: serial({ baudRate: 9600 }) }))).toEqual([38_400, 9600]);
  });

  it('opens only at another configured speed', () => {
    expect(bodyModeBaudRates(bodyModeConfig.parse({ protocol: 'body-mode', device: serial({ baudRate: 115_200 }) }))).toEqual([115_200]);
    expect(bodyModeBaudRates(bodyModeConfig.parse({ protocol: 'body-mode', device: serial({ baudRate: 38_400 }) }))).toEqual([38_400]);
  });

  it('runs a simulated module at 38400', () => {
    expect(bodyModeBaudRates(bodyModeConfig.parse({ protocol: 'body-mode', device: { kind: 'simulated' } }))).toEqual([38_400]);
  });

  it('gives the benchmarks a stream of body readings that its parser reads whole', () => {
    const stream = bodyModeProtocol.bench.stream();
    const events = bodyModeProtocol.bench.parser().push(stream);
    const types = events.map((e) => (e as { type: string }).type);
    expect(types.filter((t) => t === 'measurement')).toHaveLength(200);
    expect(types.filter((t) => t === 'reply')).toHaveLength(1);
    expect(events.filter((e) => (e as { type: string }).type === 'discarded').reduce((n: number, e) => n + (e as { bytes: Uint8Array }).bytes.length, 0)).toBe(8 * 3);
  });
});
