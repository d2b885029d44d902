import { ok, type Failure, type Result } from '../../../src/result.js';
import { Listeners } from '../../listeners.js';
import { openSerialTransport } from '../../serial-transport.js';
import type { ByteTransport } from '../../transport.js';
import { COMMAND_LENGTH, COMMAND_PREFIX, decodeRelayCommand, type RelayCommand } from './codec.js';
import { monotonicNow } from '../../monotonic.js';

export interface ReceivedCommand extends RelayCommand {
  readonly at: number;
}

/** How many received commands `commands()` keeps (a demo gate runs for days). */
const HISTORY = 1000;

/**
 * The board side of an LCUS relay on a pty. Commands are found by their 0xA0 prefix; a 4-byte window that starts
 * with 0xA0 but fails the channel, op or checksum check counts as a bad command and the scan moves on one byte.
 * Other stray bytes are skipped silently.
 */
export class LcusRelaySimulator {
  static async open(devicePath: string, clock: () => number = monotonicNow): Promise<Result<LcusRelaySimulator, Failure>> {
    const transport = await openSerialTransport(devicePath, 9600);
    return transport.ok ? ok(new LcusRelaySimulator(transport.value, clock)) : transport;
  }

  readonly #transport: ByteTransport;
  readonly #clock: () => number;
  readonly #listeners = new Listeners<[ReceivedCommand]>();
  readonly #history: ReceivedCommand[] = [];
  #bad = 0;
  #pending = new Uint8Array(0);

  private constructor(transport: ByteTransport, clock: () => number) {
    this.#transport = transport;
    this.#clock = clock;
    transport.onData((chunk) => {
      this.#receive(chunk);
    });
  }

  onCommand(listener: (command: ReceivedCommand) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** The last 1000 valid commands, oldest first. */
  commands(): readonly ReceivedCommand[] {
    return [...this.#history];
  }

  /** Windows that started with 0xA0 but were not a valid command. */
  badCommands(): number {
    return this.#bad;
  }

  close(): Promise<void> {
    return this.#transport.close();
  }

  #receive(chunk: Uint8Array): void {
    const at = this.#clock();
    const buf = new Uint8Array(this.#pending.length + chunk.length);
    buf.set(this.#pending);
    buf.set(chunk, this.#pending.length);
    let i = 0;
    while (i + COMMAND_LENGTH <= buf.length) {
      if (buf[i] !== COMMAND_PREFIX) {
        i += 1;
        continue;
      }
      const command = decodeRelayCommand(buf.subarray(i, i + COMMAND_LENGTH));
      if (!command.ok) {
        this.#bad += 1;
        i += 1;
        continue;
      }
      const received = { ...command.value, at };
      this.#history.push(received);
      if (this.#history.length > HISTORY) this.#history.shift();
      this.#listeners.emit(received);
      i += COMMAND_LENGTH;
    }
    this.#pending = buf.slice(i);
  }
}
