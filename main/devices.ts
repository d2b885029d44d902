/**
 * Opens a lane's devices: a real serial port, or a simulator the gate starts on a socat pty pair (the
 * embedded default and the demo). Either way the driver talks to a real tty through `serialport`, under a
 * DeviceSupervisor that reopens it whenever its link is lost, so a serial device that is not there is a state
 * (`offline`), not a failure to start. The relay (LCUS, or a USBRelayN HID board) goes first, and is in its safe state before the lane's
 * other devices are opened; the thermometer and every reader are opened through the protocol registry
 * (main/devices/protocols/), at the line speed their descriptor finds (main/devices/line-speed.ts). A USB HID
 * device (a `hid-pos` scanner, a `hid-relay` board) is opened through node-hid, or its simulator at the report
 * level (main/devices/hid-endpoint.ts), under the same supervisor.
 */
import type { DeviceReaderConfig, ReaderConfig } from '../src/config/readers.js';
import type { DeviceRef, LaneConfig } from '../src/config/schema.js';
import type { DeviceRole, DeviceStatus, ReaderKind } from '../src/devices/status.js';
import { err, failure, ok, type Failure, type Result } from '../src/result.js';
import type { ReaderDriver, ReaderSimulator } from '../drivers/reader/reader.js';
import { HidRelay } from '../drivers/relay/hid-relay/driver.js';
import { HidRelaySimulator } from '../drivers/relay/hid-relay/simulator.js';
import { LcusRelay } from '../drivers/relay/lcus/driver.js';
import { LcusRelaySimulator } from '../drivers/relay/lcus/simulator.js';
import type { RelayDriver, RelaySimulator } from '../drivers/relay/relay.js';
import type { HidTransport } from '../drivers/hid/transport.js';
import { monotonicNow } from '../drivers/monotonic.js';
import { openSerialTransport } from '../drivers/serial-transport.js';
import { startSimulated, type SimulatedDevice } from '../drivers/sim/simulated-device.js';
import type { ThermometerDriver, ThermometerSimulator } from '../drivers/thermometer/thermometer.js';
import type { ByteTransport } from '../drivers/transport.js';
import { hidEndpointOf, simulatedHid } from './devices/hid-endpoint.js';
import { LineSpeed } from './devices/line-speed.js';
import { PageWedge } from './devices/page-wedge.js';
import { configuredBaud } from './devices/protocols/baud.js';
import { readerProtocolOf, thermometerProtocolOf } from './devices/protocols/index.js';
import { DeviceSupervisor, type Backoff, type Link, type SupervisedDevice } from './devices/supervisor.js';
import { SwitchedReader, SwitchedRelay, SwitchedThermometer } from './devices/switched-ports.js';
import { openLaneInputs, type LaneInputs } from './inputs/open-inputs.js';
import type { ReaderPort, RelayPort, ThermometerPort } from './lane/ports.js';
import type { Log } from './log.js';

export interface DeviceOptions {
  readonly log: Log;
  /** Config `devices.reopen`. */
  readonly reopen: Backoff;
  /** After every change of a device's link state. */
  readonly onChange: () => void;
  /** Opens a port at a line speed; default the real serial port. Tests put a link that garbles at the wrong speed here. */
  readonly openTransport?: (path: string, baudRate: number) => Promise<Result<ByteTransport, Failure>>;
}

/** Opens a lane's devices; the gate takes one so a load run can put in-memory devices behind the same lane. */
export type OpenLaneDevices = (lane: LaneConfig, options: DeviceOptions) => Promise<Result<LaneDevices, Failure>>;

/** A simulated reader of the lane, by its config id and kind, with its config (what it presents depends on it: a badge's printed form). */
export interface SimulatedReader {
  readonly id: string;
  readonly kind: ReaderKind;
  readonly config: ReaderConfig;
  readonly sim: ReaderSimulator;
}

/** The simulators behind a lane's devices, when they are simulated (for the demo and tests), in config order. */
export interface LaneSimulators {
  thermometer?: ThermometerSimulator;
  readers: SimulatedReader[];
  relay?: RelaySimulator;
}

/** A lane's devices as the gate uses them: ports, whatever is behind them. */
export interface LaneDevices {
  readonly thermometer: ThermometerPort;
  /** In config order. */
  readonly readers: readonly ReaderPort[];
  readonly relay: RelayPort;
  /** The lane's wired inputs (config `inputs`), with the simulators of simulated ones. */
  readonly inputs: LaneInputs;
  readonly simulators: LaneSimulators;
  status(): DeviceStatus[];
  /**
   * Holds the gate's channel out of its safe state — the gate free — (true), or lets it rest in its safe state
   * again (false): for a fire alarm (main/inputs/alarms.ts). The hold outlives the link: a relay that links while
   * it is held comes up held. Fails `device.offline` while the relay is unlinked (the hold applies once it links).
   */
  holdOpen(open: boolean): Promise<Result<void, Failure>>;
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
  /** How the status shows it. */
  readonly shown: string;
  readonly simulated?: Pick<SimulatedDevice<S>, 'sim' | 'close'>;
}

/** Where the driver opens its port: the configured one, or the host side of a simulator started now. */
export async function endpointOf<S extends { close(): Promise<void> }>(ref: DeviceRef, simulate: (devicePath: string) => Promise<Result<S, Failure>>): Promise<Result<Endpoint<S>, Failure>> {
  if (ref.kind === 'serial') return ok({ path: ref.path, shown: ref.path });
  const sim = await startSimulated(simulate);
  return sim.ok ? ok({ path: sim.value.hostPath, shown: `simulated:${sim.value.hostPath}`, simulated: sim.value }) : sim;
}

/** The speeds to probe at `endpoint`: a simulator runs at the protocol's first (a pty carries bytes at any speed), so it is never probed. */
const ratesAt = (endpoint: Endpoint<unknown>, rates: readonly number[]): readonly number[] => (endpoint.simulated === undefined ? rates : rates.slice(0, 1));

/** One device of the lane under its supervisor, and how the status names it. */
interface Supervised<D extends { close(): Promise<void> }> {
  readonly role: DeviceRole;
  readonly id: string;
  readonly endpoint: Endpoint<unknown>;
  readonly supervisor: SupervisedDevice<D>;
}

export const openLaneDevices: OpenLaneDevices = async (lane, options) => {
  const started: { close(): Promise<void> }[] = [];
  const openTransport = options.openTransport ?? openSerialTransport;
  const fail = async (id: string, f: Failure): Promise<Result<LaneDevices, Failure>> => {
    for (const s of started.reverse()) await s.close();
    return err(failure(f.code, `lane ${lane.id} ${id}: ${f.message}`));
  };
  const logOf = (role: DeviceRole, id: string, endpoint: Endpoint<unknown>): Log =>
    options.log.child({ lane: lane.id, role, ...(id === role ? {} : { id }), path: endpoint.shown });
  /** Opens the device's link with `open` whenever it is down, builds the driver, runs `init` at every open. */
  const supervise = <D extends { close(): Promise<void> }, T extends Link>(
    device: Pick<Supervised<D>, 'role' | 'id' | 'endpoint'> & { readonly log: Log; readonly open: () => Promise<Result<T, Failure>> },
    driver: (t: T) => D,
    init: (d: D) => Promise<Result<void, Failure>>,
  ): Supervised<D> => {
    const supervisor = new DeviceSupervisor<D, T>({
      open: device.open,
      driver,
      init,
      backoff: options.reopen,
      log: device.log,
      onChange: options.onChange,
    });
    started.push(supervisor);
    return { role: device.role, id: device.id, endpoint: device.endpoint, supervisor };
  };
  /** Opens the serial port at `endpoint` at `rate()`. */
  const serialAt = (endpoint: Endpoint<unknown>, rate: () => number) => () => openTransport(endpoint.path, rate());
  const keepSimulator = <S>(e: Endpoint<S>): void => {
    if (e.simulated !== undefined) started.push(e.simulated);
  };

  // The relay first: its link open and every channel in its safe state before anything else is opened.
  const relayConfig = lane.relay;
  const safeState = relaySafeState(relayConfig);
  /** The channels held open (holdOpen): every new link comes up with them. */
  let held: ReadonlySet<number> = new Set();
  const relayAs = (endpoint: Endpoint<unknown>) => ({ role: 'relay', id: 'relay', endpoint, log: logOf('relay', 'relay', endpoint) }) as const;
  let relayAt: Endpoint<RelaySimulator>;
  let relay: Supervised<RelayDriver>;
  if (relayConfig.protocol === 'lcus') {
    const at = await endpointOf(relayConfig.device, (p) => LcusRelaySimulator.open(p));
    if (!at.ok) return fail('relay', at.error);
    relayAt = at.value;
    relay = supervise({ ...relayAs(at.value), open: serialAt(at.value, () => configuredBaud(relayConfig.device)[0] ?? 9600) }, (t) => new LcusRelay(t, { safeState, held }), (d) => d.toSafeState());
  } else {
    const { boardId } = relayConfig;
    const at = await hidEndpointOf(relayConfig.device, undefined, () => simulatedHid(HidRelaySimulator.open()));
    if (!at.ok) return fail('relay', at.error);
    relayAt = at.value;
    relay = supervise({ ...relayAs(at.value), open: at.value.open }, (t) => new HidRelay(t, { safeState, held, ...(boardId === undefined ? {} : { boardId }) }), (d) => d.init());
  }
  keepSimulator(relayAt);
  await relay.supervisor.start();

  const thermometerConfig = lane.thermometer;
  const thermometerProtocol = thermometerProtocolOf(thermometerConfig);
  const thermometerAt = await endpointOf(thermometerConfig.device, (p) => thermometerProtocol.simulator(p, thermometerConfig));
  if (!thermometerAt.ok) return fail('thermometer', thermometerAt.error);
  keepSimulator(thermometerAt.value);
  const thermometerLog = logOf('thermometer', 'thermometer', thermometerAt.value);
  const thermometerSpeed = new LineSpeed(ratesAt(thermometerAt.value, thermometerProtocol.baudRates(thermometerConfig)), thermometerLog);
  const thermometer = supervise<ThermometerDriver, ByteTransport>(
    { role: 'thermometer', id: 'thermometer', endpoint: thermometerAt.value, log: thermometerLog, open: serialAt(thermometerAt.value, () => thermometerSpeed.rate()) },
    (t) => thermometerProtocol.driver(t, thermometerConfig, monotonicNow),
    async (d) => {
      const init = await d.init();
      return init.ok ? thermometerSpeed.probe(d, () => d.query()) : init;
    },
  );

  const readers: { config: DeviceReaderConfig; device: Supervised<ReaderDriver>; at: Endpoint<ReaderSimulator> }[] = [];
  for (const config of lane.readers) {
    if (config.protocol === 'wedge') continue; // fed by the page's keys, below
    const protocol = readerProtocolOf(config);
    if (protocol.transport === 'hid') {
      if (config.device.kind === 'serial') return fail(config.id, failure('config.device-kind', `a ${config.protocol} reader is a USB HID device, not a serial port`));
      const at = await hidEndpointOf(config.device, protocol.usagePage, () => protocol.simulator(config));
      if (!at.ok) return fail(config.id, at.error);
      keepSimulator(at.value);
      const device = supervise<ReaderDriver, HidTransport>(
        { role: config.kind, id: config.id, endpoint: at.value, log: logOf(config.kind, config.id, at.value), open: at.value.open },
        (t) => protocol.driver(t, config, monotonicNow),
        (d) => d.init(),
      );
      readers.push({ config, device, at: at.value });
      continue;
    }
    if (config.device.kind === 'hid') return fail(config.id, failure('config.device-kind', `a ${config.protocol} reader is on a serial port, not a USB HID device`));
    const at = await endpointOf(config.device, (p) => protocol.simulator(p, config));
    if (!at.ok) return fail(config.id, at.error);
    keepSimulator(at.value);
    const log = logOf(config.kind, config.id, at.value);
    const speed = new LineSpeed(ratesAt(at.value, protocol.baudRates(config)), log);
    const device = supervise<ReaderDriver, ByteTransport>(
      { role: config.kind, id: config.id, endpoint: at.value, log, open: serialAt(at.value, () => speed.rate()) },
      (t) => protocol.driver(t, config, monotonicNow),
      async (d) => {
        const init = await d.init();
        // A reader that polls answers its own polling once initialised: there is nothing more to ask.
        return init.ok ? speed.probe(d, () => Promise.resolve(ok(undefined))) : init;
      },
    );
    readers.push({ config, device, at: at.value });
  }
  await Promise.all([thermometer.supervisor.start(), ...readers.map((r) => r.device.supervisor.start())]);
  const inputs = await openLaneInputs(lane.inputs, { lane: lane.id, log: options.log, reopen: options.reopen, onChange: options.onChange, openTransport, endpoint: endpointOf });
  if (!inputs.ok) return fail('inputs', inputs.error);
  started.push(inputs.value);

  const thermometerPort = new SwitchedThermometer(thermometer.supervisor);
  const wedges = lane.readers.flatMap((c) => (c.protocol === 'wedge' ? [new PageWedge(c.id, c)] : []));
  const devicePorts = readers.map((r) => new SwitchedReader(r.device.supervisor, r.config.id, r.config.kind));
  const portsById = new Map<string, ReaderPort>([...devicePorts, ...wedges].map((p) => [p.id, p]));
  const readerPorts = lane.readers.flatMap((c) => portsById.get(c.id) ?? []);
  const simulators: LaneSimulators = {
    readers: readers.flatMap((r) => (r.at.simulated === undefined ? [] : [{ id: r.config.id, kind: r.config.kind, config: r.config, sim: r.at.simulated.sim }])),
  };
  if (thermometerAt.value.simulated !== undefined) simulators.thermometer = thermometerAt.value.simulated.sim;
  if (relayAt.simulated !== undefined) simulators.relay = relayAt.simulated.sim;
  const zero = { frames: 0, badFrames: 0, discardedBytes: 0 };
  const status = <D extends { close(): Promise<void> }>(s: Supervised<D>, counters: DeviceStatus['counters']): DeviceStatus => ({
    lane: lane.id,
    role: s.role,
    id: s.id,
    path: s.endpoint.shown,
    link: s.supervisor.status(),
    linkCounts: s.supervisor.counts(),
    counters,
  });
  const closeRelay = (): Promise<void> => relay.supervisor.close();
  return ok({
    thermometer: thermometerPort,
    readers: readerPorts,
    relay: new SwitchedRelay(relay.supervisor),
    inputs: inputs.value,
    simulators,
    status: () => [
      status(thermometer, thermometerPort.counters()),
      ...readers.map((r, i) => status(r.device, devicePorts[i]?.counters() ?? zero)),
      ...wedges.map((w): DeviceStatus => ({ lane: lane.id, role: w.kind, id: w.id, path: 'page', link: w.link(), linkCounts: { attempts: 0, failures: 0, lost: 0 }, counters: w.counters() })),
      status(relay, zero),
      ...inputs.value.status(),
    ],
    holdOpen: (open) => {
      held = open ? new Set([lane.relay.channel]) : new Set();
      return relay.supervisor.current()?.holdOpen(held) ?? Promise.resolve(err(failure('device.offline', 'the relay is not linked')));
    },
    closeRelay,
    close: async () => {
      await closeRelay();
      await Promise.all([thermometer.supervisor.close(), ...readers.map((r) => r.device.supervisor.close()), inputs.value.close()]);
      // Simulators last: closing one under a driver that is still open would look like an unplug.
      for (const e of [relayAt, thermometerAt.value, ...readers.map((r) => r.at)]) await e.simulated?.close();
    },
  });
};
