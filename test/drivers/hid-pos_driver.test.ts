/**
 * The HID POS driver over the simulated HID transport — the same HidTransport interface node-hid gives it —
 * with its simulator writing 64-byte reports: reads, reassembly, malformed reports, the Honeywell quirks, and
 * unplug/replug under the gate's DeviceSupervisor (reopened by vendor/product id and serial number).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimHidDevice } from '../../drivers/hid/sim-transport.js';
import type { HidTransport } from '../../drivers/hid/transport.js';
import type { ReaderDiscarded, ReaderRead } from '../../drivers/reader/reader.js';
import { HidPosScanner } from '../../drivers/scanner/hid-pos/driver.js';
import { STALE_MS } from '../../drivers/scanner/hid-pos/parser.js';
import { HidPosSimulator, SIM_HID_POS_DEVICE } from '../../drivers/scanner/hid-pos/simulator.js';
import { DeviceSupervisor } from '../../main/devices/supervisor.js';
import { capturedLog } from '../harness/captured-log.js';
import { CAPTURED_REVINF, CAPTURED_REVINF_TEXT, MALFORMED_COUNT, SYNTHETIC_HTTP } from '../fixtures/hid-pos-reports.js';
import { Cleanup, eventually, expectOk } from './support.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

async function rig(options: { honeywell?: 'auto' | 'off'; info?: typeof SIM_HID_POS_DEVICE } = {}) {
  const sim = expectOk(await HidPosSimulator.open(options.info));
  const driver = cleanup.add(new HidPosScanner(expectOk(await sim.device.open()), { honeywell: options.honeywell ?? 'auto' }));
  const reads: ReaderRead[] = [];
  const bad: ReaderDiscarded[] = [];
  driver.onRead((r) => reads.push(r));
  driver.onBadFrame((b) => bad.push(b));
  return { sim, driver, reads, bad };
}

describe('HID POS driver over the simulated transport', () => {
  it('reads a scan the simulator presents (several reports), with its symbology, stamped with the driver clock', async () => {
    const { sim, reads, driver } = await rig();
    await sim.scanQr(`HC1:${'A'.repeat(150)}`);
    await eventually(() => reads.length === 1);
    expect(reads[0]).toMatchObject({ kind: 'text', text: `HC1:${'A'.repeat(150)}`, symbology: ']Q1' });
    expect(typeof reads[0]?.at).toBe('number');
    expect(driver.counters()).toEqual({ frames: 1, badFrames: 0, discardedBytes: 0 });
  });

  it('reassembles the published multi-report capture; discards a malformed report with its reason and counts it', async () => {
    const { sim, reads, bad, driver } = await rig();
    for (const r of CAPTURED_REVINF) await sim.injectRaw(r);
    await sim.injectRaw(MALFORMED_COUNT);
    await sim.injectRaw(SYNTHETIC_HTTP);
    await eventually(() => reads.length === 2);
    expect(reads.map((r) => [r.kind === 'text' ? r.text : '', r.kind === 'text' ? r.symbology : ''])).toEqual([
      [CAPTURED_REVINF_TEXT, ']X0'],
      ['http', ']Q1'],
    ]);
    expect(bad.map((b) => [b.reason, b.length])).toEqual([['bad-count', 64]]);
    expect(driver.counters()).toEqual({ frames: 2, badFrames: 1, discardedBytes: 64 });
  });

  it('gives up a scan whose last report never comes, without another report arriving', async () => {
    const { sim, bad, reads } = await rig();
    await sim.injectRaw(CAPTURED_REVINF[0] ?? new Uint8Array());
    await eventually(() => bad.length === 1, STALE_MS + 2000);
    expect(bad[0]?.reason).toBe('incomplete-scan');
    expect(reads).toEqual([]);
  });

  it('a Honeywell gets the HID-mode feature report at init and a beep output report per acknowledge; another scanner neither', async () => {
    const honeywell = await rig();
    expectOk(await honeywell.driver.init());
    expectOk(await honeywell.driver.acknowledge());
    expect([honeywell.sim.hidModeReports(), honeywell.sim.beeps()]).toEqual([1, 1]);

    const other = await rig({ info: { ...SIM_HID_POS_DEVICE, vendorId: 0x05e0 } });
    expectOk(await other.driver.init());
    expectOk(await other.driver.acknowledge());
    expect([other.sim.hidModeReports(), other.sim.beeps()]).toEqual([0, 0]);

    const off = await rig({ honeywell: 'off' });
    expectOk(await off.driver.init());
    expectOk(await off.driver.acknowledge());
    expect([off.sim.hidModeReports(), off.sim.beeps()]).toEqual([0, 0]);
  });

  it('a device that refuses the beep: acknowledge fails with hid.io, never throws', async () => {
    const device = new SimHidDevice(SIM_HID_POS_DEVICE);
    const driver = cleanup.add(new HidPosScanner(expectOk(await device.open()), { honeywell: 'auto' }));
    const acked = await driver.acknowledge();
    expect(acked.ok ? 'ok' : acked.error.code).toBe('hid.io');
  });
});

describe('HID POS scanner under the DeviceSupervisor', () => {
  it('unplugged: the link is lost and the device offline; plugged back in: reopened and reading again', async () => {
    const sim = expectOk(await HidPosSimulator.open());
    const { log } = capturedLog();
    const opened: HidTransport[] = [];
    const supervisor = cleanup.add(
      new DeviceSupervisor<HidPosScanner, HidTransport>({
        open: async () => {
          const t = await sim.device.open();
          if (t.ok) opened.push(t.value);
          return t;
        },
        driver: (t) => new HidPosScanner(t, { honeywell: 'auto' }),
        init: (d) => d.init(),
        backoff: { firstDelayMs: 20, maxDelayMs: 50 },
        log,
        onChange: () => undefined,
      }),
    );
    const reads: string[] = [];
    supervisor.eachLink((d) => d.onRead((r) => reads.push(r.kind === 'text' ? r.text : '')));
    await supervisor.start();
    expect(supervisor.status().state).toBe('ready');
    await sim.scanQr('before');
    await eventually(() => reads.length === 1);

    sim.device.unplug();
    await eventually(() => supervisor.status().state === 'offline');
    expect(supervisor.current()).toBeUndefined();
    expect(sim.device.openLinks).toBe(0);

    sim.device.replug();
    await eventually(() => supervisor.status().state === 'ready');
    await sim.scanQr('after');
    await eventually(() => reads.length === 2);
    expect(reads).toEqual(['before', 'after']);
    expect(opened).toHaveLength(2);
    // The HID-mode report is re-sent at every open.
    expect(sim.hidModeReports()).toBe(2);
    expect(supervisor.counts().lost).toBe(1);
  });
});
