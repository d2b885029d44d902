import { ok, type Failure, type Result } from '../../../src/result.js';
import { openSerialTransport } from '../../serial-transport.js';
import { SimLink, type LinkFaults } from '../../sim/sim-link.js';
import type { ThermometerScene, ThermometerSimulator } from '../thermometer.js';
import { renderLine, TERMINATOR_TEXT, type LineTerminator, type TemperatureUnit } from './codec.js';

export interface AsciiLineSimulatorOptions extends LinkFaults {
  /** How a reading is printed: `{object}` and `{ambient}` become values in `unit` with two decimals, e.g. `T={object}C A={ambient}C`. */
  readonly format: string;
  readonly unit: TemperatureUnit;
  readonly terminator: LineTerminator;
  /** The text that asks for one reading; undefined: the device streams. */
  readonly query?: string | undefined;
  /** Line speed the port is opened at (a pty ignores it). Default 9600. */
  readonly openBaud?: number;
}

/** Lines a second while streaming; a choice of this simulator, not a device's figure. */
export const STREAM_HZ = 10;
/** Nobody in front of the sensor: object and ambient agree. */
const EMPTY_SCENE = { objectC: 24, ambientC: 24 };

/**
 * The device side of a text thermometer on a pty (docs/devices/ascii-line.md §5), through a SimLink: prints a
 * line per reading, on each query when one is configured (the query text found anywhere in what arrives), else
 * STREAM_HZ lines a second. A line has no checksum, so the link's `badChecksumRate` does nothing to it.
 */
export class AsciiLineSimulator implements ThermometerSimulator {
  static async open(devicePath: string, options: AsciiLineSimulatorOptions): Promise<Result<AsciiLineSimulator, Failure>> {
    const transport = await openSerialTransport(devicePath, options.openBaud ?? 9600);
    return transport.ok ? ok(new AsciiLineSimulator(new SimLink(transport.value, options), options)) : transport;
  }

  readonly #link: SimLink;
  readonly #options: AsciiLineSimulatorOptions;
  readonly #encoder = new TextEncoder();
  readonly #decoder = new TextDecoder('latin1');
  readonly #unsubscribe: () => void;
  #scene: ThermometerScene = EMPTY_SCENE;
  #received = '';
  #queries = 0;
  #stream: NodeJS.Timeout | undefined;

  private constructor(link: SimLink, options: AsciiLineSimulatorOptions) {
    this.#link = link;
    this.#options = options;
    this.#unsubscribe = link.onData((chunk) => {
      this.#receive(chunk);
    });
    this.setStreaming(options.query === undefined);
  }

  /** What the sensor sees from now on: it prints `bodyC` when the scene has one (a device that compensates), else `objectC`. */
  setScene(scene: ThermometerScene): void {
    this.#scene = scene;
  }

  /** Prints STREAM_HZ lines a second (on), or only on queries (off) — a device with both modes. */
  setStreaming(on: boolean): void {
    clearInterval(this.#stream);
    this.#stream = on
      ? setInterval(() => {
          this.#print();
        }, 1000 / STREAM_HZ)
      : undefined;
  }

  setFaults(faults: LinkFaults): void {
    this.#link.setFaults(faults);
  }

  queriesReceived(): number {
    return this.#queries;
  }

  injectRaw(bytes: Uint8Array): Promise<void> {
    return this.#link.sendRaw(bytes);
  }

  onFrameWritten(listener: (bytes: Uint8Array, at: number) => void): () => void {
    return this.#link.onFrameWritten(listener);
  }

  async close(): Promise<void> {
    clearInterval(this.#stream);
    this.#unsubscribe();
    await this.#link.close();
  }

  #receive(chunk: Uint8Array): void {
    const query = this.#options.query;
    if (query === undefined) return;
    // One character per byte; only the tail that could start a query is kept between chunks.
    let text = this.#received + this.#decoder.decode(chunk);
    for (let at = text.indexOf(query); at !== -1; at = text.indexOf(query)) {
      this.#queries += 1;
      this.#print();
      text = text.slice(at + query.length);
    }
    this.#received = text.slice(-(query.length - 1) || text.length);
  }

  #print(): void {
    const { objectC, ambientC, bodyC } = this.#scene;
    const line = renderLine(this.#options.format, { objectC: bodyC ?? objectC, ambientC }, this.#options.unit) + TERMINATOR_TEXT[this.#options.terminator];
    void this.#link.send(this.#encoder.encode(line), { checksumAt: [] });
  }
}
