import type { DeviceCounters } from '../../../src/devices/status.js';
import { err, failure, ok, type Failure, type Result } from '../../../src/result.js';
import { monotonicNow } from '../../monotonic.js';
import { ParsedStream } from '../../parsed-stream.js';
import type { ThermometerDiscarded, ThermometerDriver, ThermometerFrame } from '../thermometer.js';
import type { ByteTransport } from '../../transport.js';
import { COMMANDS, encodeFrame, encodeMeasure, encodeSetTarget, STATUS_OK, TARGETS } from './codec.js';
import { BodyModeParser, type DiscardReason, type ParserEvent } from './parser.js';

/** The source waits 1 s for every reply (docs/devices/body-mode.md §1). */
export const REPLY_TIMEOUT_MS = 1000;

export type BodyModeErrorCode =
  /** No reply to a command within the timeout (wrong line speed, module not in UART mode, unplugged). */
  | 'thermometer.no-reply'
  /** The module answered a command with a status other than 0. */
  | 'thermometer.refused';

/** A calibration reply: the status byte (0 = done) and whatever else the module sent (docs/devices/body-mode.md §3). */
export interface CalibrationReply {
  readonly status: number;
  readonly args: Uint8Array;
}

export interface BodyModeOptions {
  readonly clock?: () => number;
  readonly replyTimeoutMs?: number;
}

type Reply = Extract<ParserEvent, { type: 'reply' }>;

/**
 * The body-mode IR module (docs/devices/body-mode.md) over an injected transport, which it owns. `init()` sets
 * body mode and checks the OK reply; `query()` asks for one measurement, which arrives as a frame whose `basis`
 * is `body` when the reply's target byte says body (0x02), else `surface`. Counters as ParsedStream's: `frames`
 * counts every well-formed frame (replies to set-target and calibration included); `badFrames` discarded runs,
 * sensor faults among them.
 */
export class BodyModeThermometer implements ThermometerDriver {
  readonly #stream: ParsedStream<Exclude<ParserEvent, { type: 'discarded' }>, DiscardReason>;
  readonly #timeoutMs: number;
  /** Commands that wait for a reply go one at a time, so a reply is matched to its request by CMD alone. */
  #requests: Promise<unknown> = Promise.resolve();

  constructor(transport: ByteTransport, options: BodyModeOptions = {}) {
    this.#stream = new ParsedStream(transport, new BodyModeParser(), options.clock ?? monotonicNow);
    this.#timeoutMs = options.replyTimeoutMs ?? REPLY_TIMEOUT_MS;
  }

  /** Body mode (`AA A5 04 02 02 08 55`); ok once the module answers status 0 (`AA A5 04 02 00 06 55`). */
  async init(): Promise<Result<void, Failure>> {
    const reply = await this.#request(encodeSetTarget('body'), COMMANDS.setTarget);
    if (!reply.ok) return reply;
    const status = reply.value.args[0];
    return status === STATUS_OK ? ok(undefined) : err(failure('thermometer.refused', `the module refused body mode (status ${String(status)})`));
  }

  /** `AA A5 03 01 04 55`; the reply arrives through `onFrame` (or `onBadFrame` for a sensor fault). */
  query(): Promise<Result<void, Failure>> {
    return this.#stream.transport.write(encodeMeasure());
  }

  /**
   * Blackbody calibration at the low (0x03) or high (0x04) point, with a blackbody of known temperature in front
   * of the sensor. Sent without ARGS; the reply's ARGS[0] is taken as its status **[uncertain]**
   * (docs/devices/body-mode.md §3): a technician screen shows it rather than deciding on it.
   */
  async calibrate(point: 'low' | 'high'): Promise<Result<CalibrationReply, Failure>> {
    const command = point === 'low' ? COMMANDS.calibrateLow : COMMANDS.calibrateHigh;
    const reply = await this.#request(encodeFrame(command), command);
    return reply.ok ? ok({ status: reply.value.args[0] ?? STATUS_OK, args: reply.value.args }) : reply;
  }

  onFrame(listener: (frame: ThermometerFrame) => void): () => void {
    return this.#stream.onGood((e, at) => {
      if (e.type === 'measurement') listener({ objectC: e.targetC, ambientC: e.ambientC, basis: e.target === TARGETS.body ? 'body' : 'surface', at });
    });
  }

  onBadFrame(listener: (bad: ThermometerDiscarded) => void): () => void {
    return this.#stream.onDiscarded(listener);
  }

  counters(): DeviceCounters {
    return this.#stream.counters();
  }

  close(): Promise<void> {
    return this.#stream.close();
  }

  /** Writes `frame` and waits for the next reply with CMD `command`, after any request still waiting. */
  #request(frame: Uint8Array, command: number): Promise<Result<Reply, Failure>> {
    const run = this.#requests.then(() => this.#exchange(frame, command));
    this.#requests = run;
    return run;
  }

  #exchange(frame: Uint8Array, command: number): Promise<Result<Reply, Failure>> {
    return new Promise((resolve) => {
      const done = (result: Result<Reply, Failure>): void => {
        clearTimeout(timer);
        unsubscribe();
        resolve(result);
      };
      const unsubscribe = this.#stream.onGood((e) => {
        if (e.type === 'reply' && e.command === command) done(ok(e));
      });
      const timer = setTimeout(() => {
        done(err(failure('thermometer.no-reply', `no reply to command 0x${command.toString(16).padStart(2, '0')} within ${this.#timeoutMs} ms`)));
      }, this.#timeoutMs);
      void this.#stream.transport.write(frame).then((written) => {
        if (!written.ok) done(written);
      });
    });
  }
}
