/**
 * Opens a lane's wired inputs (config `lanes[].inputs`, docs/inputs.md) as InputLines. Modbus inputs on one
 * module (the same device and unit) share one poller under a DeviceSupervisor, which reopens the module like any
 * serial device; while it is not linked, or stops answering, its lines are `lost`. A simulated module is started
 * on a socat pty pair; a GPIO line is simulated or, for a real chip, refused and left `lost` (this build has no
 * GPIO binding).
 */
import type { InputSource, LaneInputConfig } from '../../src/config/inputs.js';
import type { DeviceRef } from '../../src/config/device-ref.js';
import type { DeviceStatus } from '../../src/devices/status.js';
import { ok, type Failure, type Result } from '../../src/result.js';
import { SimulatedGpioLine, openGpioLine } from '../../drivers/inputs/gpio/gpio-line.js';
import { SettableLine, type InputLine } from '../../drivers/inputs/input-line.js';
import { ModbusInputs } from '../../drivers/inputs/modbus-rtu/driver.js';
import { ModbusInputsSimulator } from '../../drivers/inputs/modbus-rtu/simulator.js';
import { monotonicNow } from '../../drivers/monotonic.js';
import type { ByteTransport } from '../../drivers/transport.js';
import type { SimulatedDevice } from '../../drivers/sim/simulated-device.js';
import { DeviceSupervisor, type Backoff } from '../devices/supervisor.js';
import type { Log } from '../log.js';

/** One configured input of a lane, as the alarms and the passage tracker read it. */
export interface LaneInput {
  readonly config: LaneInputConfig;
  /** Its place in `lanes[].inputs`: names it in events and logs (`inputs.0`). */
  readonly index: number;
  readonly line: InputLine;
}

/** The wire of a simulated input, for tests and the demo. */
export interface SimulatedInput {
  /** The contact as the wire has it: closed (true) or open. */
  setContact(closed: boolean): void;
  /** The source stops answering (true: the line goes `lost`) or answers again. */
  setSilent(silent: boolean): void;
}

export interface LaneInputs {
  readonly inputs: readonly LaneInput[];
  /** By input index; undefined where the source is real. */
  readonly simulators: readonly (SimulatedInput | undefined)[];
  /** One entry per Modbus module, role `inputs`. */
  status(): DeviceStatus[];
  close(): Promise<void>;
}

export interface InputsDeps {
  readonly lane: string;
  readonly log: Log;
  readonly reopen: Backoff;
  readonly onChange: () => void;
  readonly openTransport: (path: string, baudRate: number) => Promise<Result<ByteTransport, Failure>>;
  /** The serial path to open for `ref`, starting a simulator there when it is simulated (main/devices.ts). */
  readonly endpoint: <S extends { close(): Promise<void> }>(
    ref: DeviceRef,
    simulate: (devicePath: string) => Promise<Result<S, Failure>>,
  ) => Promise<Result<{ readonly path: string; readonly shown: string; readonly simulated?: Pick<SimulatedDevice<S>, 'sim' | 'close'> }, Failure>>;
}

type ModbusSource = Extract<InputSource, { kind: 'modbus-rtu' }>;

/** Inputs on one module: the same device (a serial path, or this lane's simulated module) and unit. */
const moduleKey = (s: ModbusSource): string => `${s.device.kind === 'serial' ? s.device.path : 'simulated'}#${s.unit}`;

export async function openLaneInputs(configs: readonly LaneInputConfig[], deps: InputsDeps): Promise<Result<LaneInputs, Failure>> {
  const lines: (InputLine | undefined)[] = configs.map(() => undefined);
  const simulators: (SimulatedInput | undefined)[] = configs.map(() => undefined);
  const closers: (() => Promise<void>)[] = [];
  const statuses: (() => DeviceStatus)[] = [];
  const close = async (): Promise<void> => {
    for (const c of closers.splice(0)) await c();
  };

  const modules = new Map<string, { source: ModbusSource; members: number[] }>();
  configs.forEach((config, index) => {
    const source = config.source;
    if (source.kind === 'gpio') {
      if (source.chip === 'simulated') {
        const line = new SimulatedGpioLine(source.activeLow, monotonicNow);
        line.setLevel(source.activeLow ? 'low' : 'high'); // installed: the contact closed
        let contactClosed = true;
        lines[index] = line;
        simulators[index] = {
          setContact: (closed) => {
            contactClosed = closed;
            line.setLevel(closed === source.activeLow ? 'low' : 'high');
          },
          setSilent: (silent) => (silent ? line.unlink() : line.setLevel(contactClosed === source.activeLow ? 'low' : 'high')),
        };
      } else {
        const real = openGpioLine(source.chip, source.line);
        if (!real.ok) deps.log.error({ lane: deps.lane, input: index, error: real.error }, 'GPIO input cannot be read: it stays lost');
        lines[index] = real.ok ? real.value : new SettableLine();
      }
      return;
    }
    const key = moduleKey(source);
    const group = modules.get(key) ?? { source, members: [] };
    group.members.push(index);
    modules.set(key, group);
  });

  for (const { source, members } of modules.values()) {
    const group = members.map((i) => configs[i]?.source).filter((s): s is ModbusSource => s?.kind === 'modbus-rtu');
    const addresses = group.map((s) => s.input);
    const first = Math.min(...addresses);
    const quantity = Math.max(...addresses) - first + 1;
    const pollMs = Math.min(...group.map((s) => s.pollMs));
    const silentAfterMs = Math.min(...group.map((s) => s.lostAfterMs));
    const at = await deps.endpoint(source.device, (p) => ModbusInputsSimulator.open(p, source.unit));
    if (!at.ok) {
      await close();
      return at;
    }
    const log = deps.log.child({ lane: deps.lane, role: 'inputs', unit: source.unit, path: at.value.shown });
    const baud = source.device.kind === 'serial' ? source.device.baudRate : 9600;
    const supervisor = new DeviceSupervisor<ModbusInputs>({
      open: () => deps.openTransport(at.value.path, baud),
      driver: (t) => new ModbusInputs(t, { unit: source.unit, first, quantity, pollMs, silentAfterMs, clock: monotonicNow }),
      init: (d) => d.start(),
      backoff: deps.reopen,
      log,
      onChange: deps.onChange,
    });
    // The poller first: a simulator closed under an open driver would look like an unplug.
    closers.push(async () => {
      await supervisor.close();
      await at.value.simulated?.close();
    });
    const memberLines = members.map(() => new SettableLine());
    members.forEach((index, i) => (lines[index] = memberLines[i]));
    const show = (inputs: readonly boolean[] | undefined, at: number): void =>
      memberLines.forEach((line, i) => line.set(inputs === undefined ? 'lost' : inputs[(addresses[i] ?? first) - first] === true ? 'closed' : 'open', at));
    supervisor.eachLink((d) => {
      const latest = d.latest();
      if (latest !== undefined) show(latest.inputs, latest.at);
      const offInputs = d.onInputs((inputs, at) => show(inputs, at));
      const offSilent = d.onSilent((at) => show(undefined, at));
      return () => {
        offInputs();
        offSilent();
        show(undefined, monotonicNow());
      };
    });
    await supervisor.start();
    const sim = at.value.simulated?.sim;
    if (sim !== undefined) {
      members.forEach((index, i) => {
        simulators[index] = { setContact: (closed) => sim.setInput(addresses[i] ?? first, closed), setSilent: (silent) => sim.setFaults({ silent }) };
      });
    }
    statuses.push(() => ({
      lane: deps.lane,
      role: 'inputs',
      id: `inputs-${source.unit}`,
      path: at.value.shown,
      link: supervisor.status(),
      linkCounts: supervisor.counts(),
      counters: countersOf(supervisor.current()),
    }));
  }

  const inputs = configs.map((config, index) => ({ config, index, line: lines[index] ?? new SettableLine() }));
  return ok({ inputs, simulators, status: () => statuses.map((s) => s()), close });
}

/** The counters every device shows (a module's exception answers are counted apart, in its log). */
function countersOf(d: ModbusInputs | undefined): DeviceStatus['counters'] {
  if (d === undefined) return { frames: 0, badFrames: 0, discardedBytes: 0 };
  const { frames, badFrames, discardedBytes } = d.counters();
  return { frames, badFrames, discardedBytes };
}
