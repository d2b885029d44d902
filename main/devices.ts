/**
 * Opens a lane's devices: a real serial port, or a simulator the gate starts on a socat pty pair (the
 * embedded default and the demo). Either way the driver talks to a real tty through `serialport`.
 */
import type { DeviceRef, LaneConfig } from '../src/config/schema.js';
import type { DeviceRole, DeviceState, DeviceStatus } from '../src/devices/status.js';
import { err, failure, ok, type Failure, type Result } from '../src/result.js';
import { LcusRelay } from '../drivers/relay/lcus/driver.js';
import { LcusRelaySimulator } from '../drivers/relay/lcus/simulator.js';
import { LineScanner } from '../drivers/scanner/line/driver.js';
import { LineScannerSimulator } from '../drivers/scanner/line/simulator.js';
import { openSerialTransport } from '../drivers/serial-transport.js';
import { startSimulated } from '../drivers/sim/simulated-device.js';
import { GyMcu90614 } from '../drivers/thermometer/gy-mcu90614/driver.js';
import { GyMcu90614Simulator } from '../drivers/thermometer/gy-mcu90614/simulator.js';
import type { ByteTransport } from '../drivers/transport.js';
import type { RelayPort, ScannerPort, ThermometerPort } from './lane/ports.js';
import type { Log } from './log.js';

/** Opens a lane's devices; the gate takes one so a load run can put in-memory devices behind the same lane. */
export type OpenLaneDevices = (lane: LaneConfig, log: Log) => Promise<Result<LaneDevices, Failure>>;

/** The simulators behind a lane's devices, when they are simulated (for the demo and tests). */
export interface LaneSimulators {
  thermometer?: GyMcu90614Simulator;
  scanner?: LineScannerSimulator;
  relay?: LcusRelaySimulator;
}

/** A lane's devices as the gate uses them: ports, whatever is behind them. */
export interface LaneDevices {
  readonly thermometer: ThermometerPort;
  readonly scanner: ScannerPort;
  readonly relay: RelayPort;
  readonly simulators: LaneSimulators;
  status(): DeviceStatus[];
  close(): Promise<void>;
}

interface Opened {
  transport: ByteTransport;
  path: string;
  close: () => Promise<void>;
}

async function openDevice<S extends { close(): Promise<void> }>(ref: DeviceRef, simulate: (devicePath: string) => Promise<Result<S, Failure>>): Promise<Result<Opened & { sim?: S }, Failure>> {
  if (ref.kind === 'serial') {
    const t = await openSerialTransport(ref.path, ref.baudRate);
    return t.ok ? ok({ transport: t.value, path: ref.path, close: () => t.value.close() }) : t;
  }
  const sim = await startSimulated(simulate);
  if (!sim.ok) return sim;
  const t = await openSerialTransport(sim.value.hostPath, 9600);
  if (!t.ok) {
    await sim.value.close();
    return t;
  }
  return ok({
    transport: t.value,
    path: `simulated:${sim.value.hostPath}`,
    sim: sim.value.sim,
    close: async () => {
      await t.value.close();
      await sim.value.close();
    },
  });
}

export const openLaneDevices: OpenLaneDevices = async (lane, log) => {
  const opened: Opened[] = [];
  const fail = async (role: DeviceRole, f: Failure): Promise<Result<LaneDevices, Failure>> => {
    await Promise.all(opened.map((o) => o.close()));
    return err(failure(f.code, `lane ${lane.id} ${role}: ${f.message}`));
  };
  const thermo = await openDevice(lane.thermometer.device, (p) => GyMcu90614Simulator.open(p));
  if (!thermo.ok) return fail('thermometer', thermo.error);
  opened.push(thermo.value);
  const scan = await openDevice(lane.scanner.device, (p) => LineScannerSimulator.open(p));
  if (!scan.ok) return fail('scanner', scan.error);
  opened.push(scan.value);
  const relay = await openDevice(lane.relay.device, (p) => LcusRelaySimulator.open(p));
  if (!relay.ok) return fail('relay', relay.error);
  opened.push(relay.value);

  const links = new Map<DeviceRole, DeviceState>();
  const since = Date.now();
  const watch = (role: DeviceRole, o: Opened): void => {
    links.set(role, { state: 'ready', since });
    o.transport.onClose((reason) => {
      links.set(role, reason === undefined ? { state: 'disconnected' } : { state: 'error', code: reason.code, message: reason.message });
      if (reason !== undefined) log.error({ lane: lane.id, role, error: reason }, 'device link lost');
    });
  };
  watch('thermometer', thermo.value);
  watch('scanner', scan.value);
  watch('relay', relay.value);

  const thermometer = new GyMcu90614(thermo.value.transport);
  const scanner = new LineScanner(scan.value.transport);
  const relayDriver = new LcusRelay(relay.value.transport);
  const simulators: LaneSimulators = {};
  if (thermo.value.sim !== undefined) simulators.thermometer = thermo.value.sim;
  if (scan.value.sim !== undefined) simulators.scanner = scan.value.sim;
  if (relay.value.sim !== undefined) simulators.relay = relay.value.sim;
  const zero = { frames: 0, badFrames: 0, discardedBytes: 0 };
  const status = (role: DeviceRole, o: Opened, counters: DeviceStatus['counters']): DeviceStatus => ({
    lane: lane.id,
    role,
    path: o.path,
    link: links.get(role) ?? { state: 'disconnected' },
    counters,
  });
  return ok({
    thermometer,
    scanner,
    relay: relayDriver,
    simulators,
    status: () => [
      status('thermometer', thermo.value, thermometer.counters()),
      status('scanner', scan.value, scanner.counters()),
      status('relay', relay.value, zero),
    ],
    close: async () => {
      // The relay driver first: its close() waits for queued commands, so a pulse in progress still
      // ends with "off" and a shutdown never leaves the gate held open.
      await relayDriver.close();
      await Promise.all([thermometer.close(), scanner.close()]);
      await Promise.all(opened.map((o) => o.close()));
    },
  });
};
