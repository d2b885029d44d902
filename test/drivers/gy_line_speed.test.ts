import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { hostLineSpeed, receivedAtWrongSpeed } from '../../drivers/sim/line-speed.js';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import { encodeFrame } from '../../drivers/thermometer/gy-mcu90614/codec.js';
import { GY_MCU90614, GY_MCU90615 } from '../../drivers/thermometer/gy-mcu90614/models.js';
import { GyMcu90614Simulator } from '../../drivers/thermometer/gy-mcu90614/simulator.js';
import type { ThermometerFrame } from '../../drivers/thermometer/thermometer.js';
import type { ByteTransport } from '../../drivers/transport.js';
import { gyMcu90614BaudRates, gyMcu90614Protocol } from '../../main/devices/protocols/gy-mcu90614.js';
import { gyMcu90615BaudRates, gyMcu90615Protocol } from '../../main/devices/protocols/gy-mcu90615.js';
import { gyMcu90614Config } from '../../src/config/thermometers/gy-mcu90614.js';
import { gyMcu90615Config } from '../../src/config/thermometers/gy-mcu90615.js';
import { monotonicNow } from '../../drivers/monotonic.js';
import { Cleanup, eventually, expectOk, toHex } from './support.js';
import { fixedHostPath } from './thermometer_suite.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

const SCENE = { objectC: 36.5, ambientC: 25 };

describe('what a UART at another line speed reads (receivedAtWrongSpeed)', () => {
  it('gives the bytes back unchanged at the same speed (property, 1000 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), fc.constantFrom(9600, 38400, 115200), (bytes, baud) => {
        expect(toHex(receivedAtWrongSpeed(bytes, baud, baud))).toBe(toHex(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a 115200 frame at 9600 as one byte: the frame lasts 7.5 of the slow bit times', () => {
    expect(receivedAtWrongSpeed(encodeFrame(SCENE), 115200, 9600)).toHaveLength(1);
  });

  it('reads a 9600 frame at 115200 as framing errors (0x00), about 12 bytes per byte sent', () => {
    const read = receivedAtWrongSpeed(encodeFrame(SCENE), 9600, 115200);
    expect(read.length).toBeGreaterThan(9 * 2);
    expect(read.every((b) => b === 0)).toBe(true);
  });
});

describe('GY line speeds: descriptors and probing on a pty (speaksAtBaud)', () => {
  it('probes 9600 then 115200 for a GY-MCU90614 (or the configured speed first), 115200 then 9600 for a GY-MCU90615', () => {
    expect(gyMcu90614BaudRates(gyMcu90614Config.parse({ device: { kind: 'simulated' } }))).toEqual([9600, 115200]);
    expect(gyMcu90614BaudRates(gyMcu90614Config.parse({ device: { kind: 'serial', path: '/dev/ttyUSB0' } }))).toEqual([9600, 115200]);
    expect(gyMcu90614BaudRates(gyMcu90614Config.parse({ device: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 } }))).toEqual([115200, 9600]);
    expect(gyMcu90614BaudRates(gyMcu90614Config.parse({ device: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 57600 } }))).toEqual([57600, 9600, 115200]);
    expect(gyMcu90615BaudRates(gyMcu90615Config.parse({ protocol: 'gy-mcu90615', device: { kind: 'serial', path: '/dev/ttyUSB0' } }))).toEqual([115200, 9600]);
    expect([gyMcu90614Protocol.protocol, gyMcu90615Protocol.protocol]).toEqual(['gy-mcu90614', 'gy-mcu90615']);
  });

  it('reads the speed the host side of a pty was opened at', async () => {
    const host = cleanup.add(fixedHostPath());
    const device = cleanup.add(expectOk(await startSimulated((p) => GyMcu90614Simulator.open(p), { hostPath: host.path })));
    for (const baud of [115200, 9600]) {
      const transport = expectOk(await openSerialTransport(device.hostPath, baud));
      expect(await hostLineSpeed(device.hostPath)).toBe(baud);
      await transport.close();
    }
  });

  const gy90614 = gyMcu90614Config.parse({ device: { kind: 'simulated' } });
  const gy90615 = gyMcu90615Config.parse({ protocol: 'gy-mcu90615', device: { kind: 'simulated' } });
  for (const [name, model, rates, driver, speaks] of [
    ['GY-MCU90614 switched to 115200', GY_MCU90614, gyMcu90614Protocol.baudRates(gy90614), (t: ByteTransport) => gyMcu90614Protocol.driver(t, gy90614, monotonicNow), 115200],
    ['GY-MCU90615 that ships at 9600', GY_MCU90615, gyMcu90615Protocol.baudRates(gy90615), (t: ByteTransport) => gyMcu90615Protocol.driver(t, gy90615, monotonicNow), 9600],
  ] as const) {
    it(`a ${name} answers garbage at the first speed tried and frames at the second, which the probe keeps`, async () => {
      const host = cleanup.add(fixedHostPath());
      const device = cleanup.add(
        expectOk(await startSimulated((p) => GyMcu90614Simulator.open(p, { model, speaksAtBaud: { baudRate: speaks, hostPath: host.path } }), { hostPath: host.path })),
      );
      device.sim.setScene(SCENE);
      const seen: { baud: number; frames: ThermometerFrame[]; discardedBytes: number }[] = [];
      let kept: number | undefined;
      // The probe a supervisor runs: each speed in order, the first at which a good frame arrives is kept.
      for (const baud of rates) {
        const transport = expectOk(await openSerialTransport(device.hostPath, baud));
        const thermometer = driver(transport);
        const frames: ThermometerFrame[] = [];
        thermometer.onFrame((f) => frames.push(f));
        expectOk(await thermometer.init());
        await eventually(() => frames.length > 0 || thermometer.counters().discardedBytes > 0);
        seen.push({ baud, frames, discardedBytes: thermometer.counters().discardedBytes });
        await thermometer.close();
        if (frames.length > 0) {
          kept = baud;
          break;
        }
      }
      expect(seen.map((s) => s.baud)).toEqual(rates);
      expect(seen[0]?.frames).toEqual([]);
      expect(seen[0]?.discardedBytes).toBeGreaterThan(0);
      expect(seen[1]?.frames[0]).toMatchObject({ ...SCENE, basis: 'surface' });
      expect(kept).toBe(speaks);
    });
  }
});
