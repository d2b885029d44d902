import type { DeviceCounters } from '../../../src/devices/status.js';
import { err, failure, ok, type Failure, type Result } from '../../../src/result.js';
import { Listeners } from '../../listeners.js';
import { ParsedStream } from '../../parsed-stream.js';
import type { ByteTransport } from '../../transport.js';
import { encodeReadInputs, type ReadInputs } from './codec.js';
import { ModbusInputsParser, type ModbusDiscardReason } from './parser.js';

export interface ModbusInputsOptions extends ReadInputs {
  /** How often the inputs are read. */
  readonly pollMs: number;
  /** No answer for this long: the inputs are unknown (`silent`), until an answer comes again. */
  readonly silentAfterMs: number;
  readonly clock: () => number;
}

/**
 * A relay board's or I/O module's discrete inputs over Modbus RTU (codec.ts), polled every `pollMs` over an
 * injected transport, which it owns. Reports each answer's input bits, and `silent` once no answer has come for
 * `silentAfterMs` (an exception answer counts as none: the module refuses the request, so the inputs are
 * unknown). A request goes out at every tick whether or not the last was answered; answers are found by their
header and CRC (parser.ts), so a late one still counts.
 */
export class ModbusInputs {
  readonly #stream: ParsedStream<{ readonly type: 'inputs'; readonly inputs: readonly boolean[] } | { readonly type: 'exception'; readonly code: number }, ModbusDiscardReason>;
  readonly #options: ModbusInputsOptions;
  readonly #request: Uint8Array;
  readonly #inputs = new Listeners<[readonly boolean[], number]>();
  readonly #silent = new Listeners<[number]>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastAnswer: number;
  #isSilent = false;
  #exceptions = 0;
  #latest: { readonly inputs: readonly boolean[]; readonly at: number } | undefined;

  constructor(transport: ByteTransport, options: ModbusInputsOptions) {
    this.#options = options;
    this.#request = encodeReadInputs(options);
    this.#lastAnswer = options.clock();
    this.#stream = new ParsedStream(transport, new ModbusInputsParser(options.unit, options.quantity), options.clock);
    this.#stream.onGood((answer, at) => {
      if (answer.type === 'exception') {
        this.#exceptions += 1;
        return;
      }
      this.#lastAnswer = at;
      this.#isSilent = false;
      this.#latest = { inputs: answer.inputs, at };
      this.#inputs.emit(answer.inputs, at);
    });
    this.#stream.onDiscarded(() => undefined);
  }

  /** Each answer's inputs, `first` first, with when it came. */
  onInputs(listener: (inputs: readonly boolean[], at: number) => void): () => void {
    return this.#inputs.add(listener);
  }

  /** The last answer's inputs while answers come, undefined before the first one and while silent. */
  latest(): { readonly inputs: readonly boolean[]; readonly at: number } | undefined {
    return this.#isSilent ? undefined : this.#latest;
  }

  /** Once each time answers stop for `silentAfterMs`. */
  onSilent(listener: (at: number) => void): () => void {
    return this.#silent.add(listener);
  }

  /** Starts polling; resolves with the first answer, or fails `modbus.no-answer` after `silentAfterMs`. */
  async start(): Promise<Result<void, Failure>> {
    const first = new Promise<boolean>((resolve) => {
      const done = this.onInputs(() => {
        done();
        clearTimeout(timeout);
        resolve(true);
      });
      const timeout = setTimeout(() => {
        done();
        resolve(false);
      }, this.#options.silentAfterMs);
    });
    this.#lastAnswer = this.#options.clock();
    this.#timer = setInterval(() => void this.#poll(), this.#options.pollMs);
    void this.#poll();
    return (await first) ? ok(undefined) : err(failure('modbus.no-answer', `unit ${this.#options.unit} did not answer within ${this.#options.silentAfterMs} ms`));
  }

  /** Frames are answers; `badFrames` and `discardedBytes` what the parser could not use; exceptions are counted apart. */
  counters(): DeviceCounters & { readonly exceptions: number } {
    return { ...this.#stream.counters(), exceptions: this.#exceptions };
  }

  close(): Promise<void> {
    clearInterval(this.#timer);
    return this.#stream.close();
  }

  async #poll(): Promise<void> {
    const now = this.#options.clock();
    if (!this.#isSilent && now - this.#lastAnswer > this.#options.silentAfterMs) {
      this.#isSilent = true;
      this.#silent.emit(now);
    }
    await this.#stream.transport.write(this.#request);
  }
}
