/**
 * Opens a lane's devices: a real serial port, or a simulator the gate starts on a socat pty pair (the
 * embedded default and the demo). Either way the driver talks to a real tty through `serialport`, under a
 * DeviceSupervisor that reopens it whenever its link is lost, so a serial device that is not there is a state
 * (`offline`), not a failure to start. The relay goes first, and is in its safe state before the lane's other
 * devices are opened.
 */
import type { DeviceRef, LaneConfig } from '../src/config/schema.js';
import type { DeviceRole, DeviceStatus } from '../src/devices/status.js';
import { err, failure, ok, type Failure, type Result } from '../src/result.js';
import { LcusRelay } from '../drivers/relay/lcus/driver.js';
import { LcusRelaySimulator } from '../drivers/relay/lcus/simulator.js';
import { LineScanner } from '../drivers/scanner/line/driver.js';
import { LineScannerSimulator } from '../drivers/scanner/line/simulator.js';
import { openSerialTransport } from '../drivers/serial-transport.js';
import { startSimulated, type SimulatedDevice } from '../drivers/sim/simulated-device.js';
import { GyMcu90614 } from '../drivers/thermometer/gy-mcu90614/driver.js';
import { GyMcu90614Simulator } from '../drivers/thermometer/gy-mcu90614/simulator.js';
import type { ByteTransport } from '../drivers/transport.js';
import { DeviceSupervisor, type Backoff } from './devices/supervisor.js';
import { SwitchedRelay, SwitchedScanner, SwitchedThermometer } from './devices/switched-ports.js';
import type { RelayPort, ScannerPort, ThermometerPort } from './lane/ports.js';
import type { Log } from './log.js';

export interface DeviceOptions {
  readonly log: Log;
  /** Config `devices.reopen`. */
  readonly reopen: Backoff;
  /** After every change of a device's link state. */
  readonly onChange: () => void;
}

/** Opens a lane's devices; the gate takes one so a load run can put in-memory devices behind the same lane. */
export type OpenLaneDevices = (lane: LaneConfig, options: DeviceOptions) => Promise<Result<LaneDevices, Failure>>;

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
  /**
   * Drives every relay channel to its safe state and closes the relay for good: nothing pulses it after this.
   * The first thing every exit path the gate controls does; idempotent.
   */
  closeRelay(): Promise<void>;
  /** closeRelay(), then everything else. */
  close(): Promise<void>;
}

/** The safe state of channels 1 … n (`true` = on): every channel config lists, and at least up to the gate's own channel. */
export function relaySafeState(relay: Pick<LaneConfig['relay'], 'channel' | 'safeState'>): boolean[] {
  const channels = Math.max(relay.channel, relay.safeState.length);
  return Array.from({ length: channels }, (_, i) => relay.safeState[i] === 'on');
}

interface Endpoint<S> {
  readonly path: string;
  readonly baudRate: number;
  /** How the status shows it. */
  readonly shown: string;
  readonly simulated?: SimulatedDevice<S>;
}

/** Where the driver opens its port: the configured one, or the host side of a simulator started now. */
async function endpointOf<S extends { close(): Promise<void> }>(ref: DeviceRef, simulate: (devicePath: string) => Promise<Result<S, Failure>>): Promise<Result<Endpoint<S>, Failure>> {
  if (ref.kind === 'serial') return ok({ path: ref.path, baudRate: ref.baudRate, shown: ref.path });
  const sim = await startSimulated(simulate);
  return sim.ok ? ok({ path: sim.value.hostPath, baudRate: 9600, shown: `simulated:${sim.value.hostPath}`, simulated: sim.value }) : sim;
}

interface Supervised<D extends { close(): Promise<void> }> {
  readonly role: DeviceRole;
  readonly endpoint: Endpoint<unknown>;
  readonly supervisor: DeviceSupervisor<D>;
}

export const openLaneDevices: OpenLaneDevices = async (lane, options) => {
  const started: { close(): Promise<void> }[] = [];
  const fail = async (role: DeviceRole, f: Failure): Promise<Result<LaneDevices, Failure>> => {
    for (const s of started.reverse()) await s.close();
    return err(failure(f.code, `lane ${lane.id} ${role}: ${f.message}`));
  };
  const supervise = <D extends { close(): Promise<void> }>(
    role: DeviceRole,
    endpoint: Endpoint<unknown>,
    driver: (t: ByteTransport) => D,
    init: (d: D) => Promise<Result<void, Failure>>,
  ): Supervised<D> => {
    const supervisor = new DeviceSupervisor<D>({
      open: () => openSerialTransport(endpoint.path, endpoint.baudRate),
      driver,
      init,
      backoff: options.reopen,
      log: options.log.child({ lane: lane.id, role, path: endpoint.shown }),
      onChange: options.onChange,
    });
    started.push(supervisor);
    return { role, endpoint, supervisor };
  };

  // The relay first: its link open and every channel in its safe state before anything else is opened.
  const relayAt = await endpointOf(lane.relay.device, (p) => LcusRelaySimulator.open(p));
  if (!relayAt.ok) return fail('relay', relayAt.error);
  if (relayAt.value.simulated !== undefined) started.push(relayAt.value.simulated);
  const safeState = relaySafeState(lane.relay);
  const relay = supervise('relay', relayAt.value, (t) => new LcusRelay(t, { safeState }), (d) => d.toSafeState());
  await relay.supervisor.start();

  const thermometerAt = await endpointOf(lane.thermometer.device, (p) => GyMcu90614Simulator.open(p));
  if (!thermometerAt.ok) return fail('thermometer', thermometerAt.error);
  if (thermometerAt.value.simulated !== undefined) started.push(thermometerAt.value.simulated);
  // A module set to stream at power-on is put back into query mode (the query also asks for one frame).
  const thermometer = supervise('thermometer', thermometerAt.value, (t) => new GyMcu90614(t), (d) => d.setContinuous(false));

  const scannerAt = await endpointOf(lane.scanner.device, (p) => LineScannerSimulator.open(p));
  if (!scannerAt.ok) return fail('scanner', scannerAt.error);
  if (scannerAt.value.simulated !== undefined) started.push(scannerAt.value.simulated);
  const scanner = supervise('scanner', scannerAt.value, (t) => new LineScanner(t), () => Promise.resolve(ok(undefined)));
  await Promise.all([thermometer.supervisor.start(), scanner.supervisor.start()]);

  const ports = { thermometer: new SwitchedThermometer(thermometer.supervisor), scanner: new SwitchedScanner(scanner.supervisor), relay: new SwitchedRelay(relay.supervisor) };
  const simulators: LaneSimulators = {};
  if (thermometerAt.value.simulated !== undefined) simulators.thermometer = thermometerAt.value.simulated.sim;
  if (scannerAt.value.simulated !== undefined) simulators.scanner = scannerAt.value.simulated.sim;
  if (relayAt.value.simulated !== undefined) simulators.relay = relayAt.value.simulated.sim;
  const zero = { frames: 0, badFrames: 0, discardedBytes: 0 };
  const status = <D extends { close(): Promise<void> }>(s: Supervised<D>, counters: DeviceStatus['counters']): DeviceStatus => ({
    lane: lane.id,
    role: s.role,
    path: s.endpoint.shown,
    link: s.supervisor.status(),
    linkCounts: s.supervisor.counts(),
    counters,
  });
  const closeRelay = (): Promise<void> => relay.supervisor.close();
  return ok({
    ...ports,
    simulators,
    status: () => [status(thermometer, ports.thermometer.counters()), status(scanner, ports.scanner.counters()), status(relay, zero)],
    closeRelay,
    close: async () => {
      await closeRelay();
      await Promise.all([thermometer.supervisor.close(), scanner.supervisor.close()]);
      // Simulators last: closing one under a driver that is still open would look like an unplug.
      for (const s of [relayAt.value, thermometerAt.value, scannerAt.value]) await s.simulated?.close();
    },
  });
};
