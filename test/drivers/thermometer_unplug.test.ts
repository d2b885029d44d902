import { afterEach, describe, expect, it } from 'vitest';
import { openSerialTransport } from '../../drivers/serial-transport.js';
import { startSimulated } from '../../drivers/sim/simulated-device.js';
import { GyMcu90614 } from '../../drivers/thermometer/gy-mcu90614/driver.js';
import { GyMcu90614Simulator } from '../../drivers/thermometer/gy-mcu90614/simulator.js';
import type { Failure } from '../../src/result.js';
import { Cleanup, eventually, expectOk, pidsMentioning } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

describe('thermometer unplugged while streaming', () => {
  // Repeated: whether a read is in flight at the hang-up is a race (see serial-transport.ts #watchHangUp).
  for (let round = 1; round <= 5; round++) {
    it(`reports the unplug and stops cleanly when socat is killed mid-stream (round ${round})`, async () => {
      const device = cleanup.add(expectOk(await startSimulated(GyMcu90614Simulator.open)));
      const transport = expectOk(await openSerialTransport(device.hostPath, 9600));
      const thermometer = cleanup.add(new GyMcu90614(transport));
      const reasons: (Failure | undefined)[] = [];
      transport.onClose((r) => reasons.push(r));
      let frames = 0;
      thermometer.onFrame(() => (frames += 1));
      expectOk(await thermometer.setContinuous(true));
      await eventually(() => frames >= 2);
      for (const pid of pidsMentioning(device.hostPath)) process.kill(pid, 'SIGKILL');
      await eventually(() => reasons.length === 1, 1000);
      expect(reasons[0]?.code).toBe('serial.disconnected');
      const query = await thermometer.query();
      expect(query.ok ? 'ok' : query.error.code).toBe('serial.closed');
    });
  }
});
