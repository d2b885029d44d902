import { ok, type Failure, type Result } from '../../../src/result.js';
import { openSerialTransport } from '../../serial-transport.js';
import { hostLineSpeed, receivedAtWrongSpeed } from '../../sim/line-speed.js';
import { SimLink, type LinkFaults } from '../../sim/sim-link.js';
import { seededRandom } from '../../seeded-random.js';
import { roundedIntoNormal } from '../bad-firmware.js';
import type { ThermometerScene, ThermometerSimulator } from '../thermometer.js';
import { decodeCommand, encodeFrame, type CommandName, type Reading } from './codec.js';
import { GY_MCU90614, type GyModel } from './models.js';

/** Knobs of the simulated board; the link faults (pacing, split frames, checksum errors…) are SimLink's. */
export interface GyMcu90614SimulatorOptions extends LinkFaults {
  /** Which board: GY_MCU90614 (default) or GY_MCU90615 (models.ts); they differ only in line speeds and sensor ranges. */
  readonly model?: GyModel;
  /**
   * The board answers only at this line speed, as a UART does: before each frame it reads the speed the host
   * opened `hostPath` at (drivers/sim/line-speed.ts) and, when that differs, writes what a UART at the host's
   * speed would make of the frame (garbage) instead. Unset: every speed is understood (a pty carries none).
   */
  readonly speaksAtBaud?: { readonly baudRate: number; readonly hostPath: string };
  /** Firmware that rounds readings into a normal range (drivers/thermometer/bad-firmware.ts), seeded by `seed`. */
  readonly badFirmware?: boolean;
}

/** "Default auto output frequency: 14 Hz" (docs/devices/gy-mcu90614.md §2). */
const CONTINUOUS_PERIOD_MS = 1000 / 14;
/** Nobody in front of the sensor: object and ambient agree. */
const EMPTY_SCENE: Reading = { objectC: 24, ambientC: 24 };

/**
 * The module side of a GY-MCU90614 or GY-MCU90615, speaking the exact bytes of docs/devices/gy-mcu90614.md §2
 * on a pty, through a SimLink. Starts in query mode (no output until asked); `A5 45 EA` starts the 14 Hz
 * stream, `A5 15 BA` answers one frame and returns to query mode.
 * Bytes that are not a valid command are skipped one at a time; baud and power-on commands are accepted and
 * ignored (they act after a power cycle, which is not simulated).
 */
export class GyMcu90614Simulator implements ThermometerSimulator {
  static async open(devicePath: string, options: GyMcu90614SimulatorOptions = {}): Promise<Result<GyMcu90614Simulator, Failure>> {
    const transport = await openSerialTransport(devicePath, options.speaksAtBaud?.baudRate ?? (options.model ?? GY_MCU90614).baudRates[0]);
    return transport.ok ? ok(new GyMcu90614Simulator(new SimLink(transport.value, options), options)) : transport;
  }

  readonly #link: SimLink;
  readonly #speaksAtBaud: GyMcu90614SimulatorOptions['speaksAtBaud'];
  readonly #firmware: ((celsius: number) => number) | undefined;
  readonly #unsubscribe: () => void;
  #scene: Reading = EMPTY_SCENE;
  #queries = 0;
  #pendingCommand = new Uint8Array(0);
  #stream: NodeJS.Timeout | undefined;
  /** Frames waiting for their line-speed check, in order. */
  #checked: Promise<void> = Promise.resolve();

  private constructor(link: SimLink, options: GyMcu90614SimulatorOptions) {
    this.#link = link;
    this.#speaksAtBaud = options.speaksAtBaud;
    if (options.badFirmware === true) {
      const random = seededRandom(options.seed ?? 1);
      this.#firmware = (celsius) => roundedIntoNormal(celsius, random);
    }
    this.#unsubscribe = link.onData((chunk) => {
      this.#receive(chunk);
    });
  }

  /** What the sensor sees from now on (`bodyC` is ignored: a plain board). Throws RangeError for values a frame cannot carry (a test bug). */
  setScene(scene: ThermometerScene): void {
    encodeFrame(scene);
    this.#scene = { objectC: scene.objectC, ambientC: scene.ambientC };
  }

  /** Changes the link's faults from now on (SimLink.setFaults): `silent: true` stops answering, `false` resumes. */
  setFaults(faults: LinkFaults): void {
    this.#link.setFaults(faults);
  }

  /** Writes bytes as they are, after any frame in progress (garbage, truncated or corrupted frames). */
  injectRaw(bytes: Uint8Array): Promise<void> {
    return this.#link.sendRaw(bytes);
  }

  /** How many `A5 15 BA` arrived. */
  queriesReceived(): number {
    return this.#queries;
  }

  /** After each whole frame is written; `at` is the monotonic clock just before its last byte was handed to the OS. */
  onFrameWritten(listener: (bytes: Uint8Array, at: number) => void): () => void {
    return this.#link.onFrameWritten(listener);
  }

  /** Stops streaming, lets queued writes finish and closes the port. */
  async close(): Promise<void> {
    clearInterval(this.#stream);
    this.#unsubscribe();
    await this.#checked;
    await this.#link.close();
  }

  #receive(chunk: Uint8Array): void {
    const buf = new Uint8Array(this.#pendingCommand.length + chunk.length);
    buf.set(this.#pendingCommand);
    buf.set(chunk, this.#pendingCommand.length);
    let i = 0;
    while (i + 3 <= buf.length) {
      const command = decodeCommand(buf.subarray(i, i + 3));
      if (command === undefined) {
        i += 1;
        continue;
      }
      this.#obey(command);
      i += 3;
    }
    this.#pendingCommand = buf.slice(i);
  }

  #obey(command: CommandName): void {
    switch (command) {
      case 'query':
        this.#queries += 1;
        clearInterval(this.#stream);
        this.#stream = undefined;
        this.#sendFrame();
        break;
      case 'continuous':
        this.#stream ??= setInterval(() => {
          this.#sendFrame();
        }, CONTINUOUS_PERIOD_MS);
        break;
      default:
        break;
    }
  }

  #sendFrame(): void {
    const { objectC, ambientC } = this.#scene;
    const frame = encodeFrame({ objectC: this.#firmware?.(objectC) ?? objectC, ambientC });
    const speaks = this.#speaksAtBaud;
    if (speaks === undefined) {
      void this.#link.send(frame);
      return;
    }
    this.#checked = this.#checked.then(async () => {
      const hostBaud = await hostLineSpeed(speaks.hostPath);
      if (hostBaud === undefined) return; // nobody has the host side open: the frame is lost, as on a real line
      await (hostBaud === speaks.baudRate ? this.#link.send(frame) : this.#link.sendRaw(receivedAtWrongSpeed(frame, speaks.baudRate, hostBaud)));
    });
  }
}
