import { ok, type Failure, type Result } from '../../../src/result.js';
import { Listeners } from '../../listeners.js';
import { openSerialTransport } from '../../serial-transport.js';
import { SimLink, type LinkFaults } from '../../sim/sim-link.js';
import { seededRandom } from '../../seeded-random.js';
import { roundedIntoNormal } from '../bad-firmware.js';
import type { ThermometerScene, ThermometerSimulator } from '../thermometer.js';
import { COMMANDS, encodeFrame, encodeMeasurement, FRAME_MAX_C, STATUS_OK, TARGETS } from './codec.js';
import { FrameScanner } from './parser.js';

/** The line speed the source opens the module at (docs/devices/body-mode.md §1). */
export const BODY_MODE_BAUD = 38_400;

/**
 * The simulated module's own compensation when its scene gives no `bodyC`: body = surface + (surface − ambient)·F
 * with F = 0.16, the published fit's value (docs/devices.md §1.5); a stand-in for whatever a real module does.
 */
export const MODULE_FACTOR = 0.16;

export interface BodyModeSimulatorOptions {
  /** Line speed to open the pty at, and to pace writes to. Default 38400. */
  readonly baudRate?: number;
  /** Faults of the link (drivers/sim/sim-link.ts); `baudRate` there defaults to the line speed. */
  readonly faults?: LinkFaults;
  /** The target the module starts in, as after a power cycle. Default `surface`, so only `init()` makes it body. */
  readonly startTarget?: keyof typeof TARGETS;
  /** ARGS[0] of set-target replies: 0 does it; anything else refuses and keeps the target. Default 0. */
  readonly setTargetStatus?: number;
  /** ARGS[0] of blackbody-calibration replies. Default 0. */
  readonly calibrationStatus?: number;
  /** Firmware that rounds the reported temperature into a normal range (../bad-firmware.ts); its choices seeded by `faults.seed`. */
  readonly badFirmware?: boolean;
}

/** Nobody in front of the sensor: object and ambient agree. */
const EMPTY_SCENE: ThermometerScene = { objectC: 24, ambientC: 24 };

/**
 * The module side of a body-mode thermometer, speaking the bytes of docs/devices/body-mode.md §2–§3 through a
 * `SimLink`: answers set-target (`02`), measure (`01`) and the two blackbody calibrations (`03`, `04`), each at
 * once; ignores bytes that are not a frame and commands it does not know (`05`, set comm protocol, included).
 * In body mode a measurement reports the scene's `bodyC`, or `MODULE_FACTOR`'s model of `objectC`/`ambientC`
 * (held to 0 … 6553.5 °C, what a frame carries); in surface mode it reports `objectC`. `badFirmware` rounds what
 * it reports as such firmware does.
 */
export class BodyModeSimulator implements ThermometerSimulator {
  static async open(devicePath: string, options: BodyModeSimulatorOptions = {}): Promise<Result<BodyModeSimulator, Failure>> {
    const baudRate = options.baudRate ?? BODY_MODE_BAUD;
    const transport = await openSerialTransport(devicePath, baudRate);
    if (!transport.ok) return transport;
    return ok(new BodyModeSimulator(new SimLink(transport.value, { baudRate, ...options.faults }), options));
  }

  readonly #link: SimLink;
  readonly #options: BodyModeSimulatorOptions;
  readonly #firmware: ((celsius: number) => number) | undefined;
  readonly #commands = new FrameScanner();
  readonly #written = new Listeners<[Uint8Array, number]>();
  readonly #unsubscribe: (() => void)[];
  #scene: ThermometerScene = EMPTY_SCENE;
  #target: number;
  readonly #received: number[] = [];

  constructor(link: SimLink, options: BodyModeSimulatorOptions = {}) {
    this.#link = link;
    this.#options = options;
    this.#target = TARGETS[options.startTarget ?? 'surface'];
    if (options.badFirmware === true) {
      const random = seededRandom(options.faults?.seed ?? 1);
      this.#firmware = (celsius) => roundedIntoNormal(celsius, random);
    }
    this.#unsubscribe = [
      link.onData((chunk) => {
        this.#receive(chunk);
      }),
      link.onFrameWritten((bytes, at) => {
        if (bytes[3] === COMMANDS.measure) this.#written.emit(bytes, at);
      }),
    ];
  }

  /** What the sensor sees from now on. Throws RangeError for values a frame cannot carry (a test bug). */
  setScene(scene: ThermometerScene): void {
    encodeMeasurement({ target: TARGETS.surface, targetC: scene.objectC, ambientC: scene.ambientC });
    if (scene.bodyC !== undefined) encodeMeasurement({ target: TARGETS.body, targetC: scene.bodyC, ambientC: scene.ambientC });
    this.#scene = scene;
  }

  /** Changes the link's faults from now on (a `silent` module, checksum errors …). */
  setFaults(faults: LinkFaults): void {
    this.#link.setFaults(faults);
  }

  /** `body` or `surface`: what measurements report now. */
  target(): keyof typeof TARGETS {
    return this.#target === TARGETS.body ? 'body' : 'surface';
  }

  /** CMD bytes of the commands received, in order. */
  commandsReceived(): readonly number[] {
    return this.#received;
  }

  injectRaw(bytes: Uint8Array): Promise<void> {
    return this.#link.sendRaw(bytes);
  }

  /** After each measure reply is written whole (not replies to other commands). */
  onFrameWritten(listener: (bytes: Uint8Array, at: number) => void): () => void {
    return this.#written.add(listener);
  }

  async close(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    await this.#link.close();
  }

  #receive(chunk: Uint8Array): void {
    for (const e of this.#commands.push(chunk)) {
      if (e.type === 'frame') this.#obey(e.command, e.args);
    }
  }

  #obey(command: number, args: Uint8Array): void {
    this.#received.push(command);
    switch (command) {
      case COMMANDS.measure:
        return this.#reply(this.#measurement());
      case COMMANDS.setTarget: {
        const status = this.#options.setTargetStatus ?? STATUS_OK;
        const target = args[0];
        if (status === STATUS_OK && (target === TARGETS.body || target === TARGETS.surface)) this.#target = target;
        return this.#reply(encodeFrame(command, [status]));
      }
      case COMMANDS.calibrateLow:
      case COMMANDS.calibrateHigh:
        return this.#reply(encodeFrame(command, [this.#options.calibrationStatus ?? STATUS_OK]));
      default:
        return undefined;
    }
  }

  #measurement(): Uint8Array {
    const s = this.#scene;
    const targetC = this.#target === TARGETS.body ? bodyOf(s) : s.objectC;
    return encodeMeasurement({ target: this.#target, targetC: this.#firmware?.(targetC) ?? targetC, ambientC: s.ambientC });
  }

  #reply(frame: Uint8Array): void {
    void this.#link.send(frame, { checksumAt: [-2] });
  }
}

/** The scene's `bodyC`, else the module's model, which saturates where the frame does (a glitching surface stays a glitch). */
const bodyOf = (s: ThermometerScene): number => s.bodyC ?? Math.min(FRAME_MAX_C, Math.max(0, s.objectC + (s.objectC - s.ambientC) * MODULE_FACTOR));
