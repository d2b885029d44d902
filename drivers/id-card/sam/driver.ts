import type { DeviceCounters } from '../../../src/devices/status.js';
import { err, failure, ok, type Failure, type Result } from '../../../src/result.js';
import { Listeners } from '../../listeners.js';
import { monotonicNow } from '../../monotonic.js';
import { ParsedStream } from '../../parsed-stream.js';
import type { ReaderDiscarded, ReaderDriver, ReaderRead } from '../../reader/reader.js';
import type { ByteTransport } from '../../transport.js';
import { decodeResponse, encodeCommand, splitReadInfo, TEXT_LENGTH, type CommandName, type Response } from './codec.js';
import { SamParser, type SamDiscardReason, type SamParserEvent } from './parser.js';
import { samStatus, SW3 } from './status.js';
import { parseTextBlock } from './text-block.js';

/** How the driver paces its requests and how long it waits for each reply (docs/devices/sam.md §5). */
export interface SamTimings {
  /** Pause between find-card requests while no card is being read. */
  readonly pollIntervalMs: number;
  /** Longest wait for the reply to SAM status, find and select (the reference: ~300 ms for select). */
  readonly replyTimeoutMs: number;
  /** Longest wait for the 1295-byte read reply (the reference: ~1–1.1 s). */
  readonly readTimeoutMs: number;
  /** Failed select/read attempts on one card (status codes, not timeouts) before it is reported unreadable. */
  readonly readAttempts: number;
}

export const DEFAULT_SAM_TIMINGS: SamTimings = { pollIntervalMs: 400, replyTimeoutMs: 300, readTimeoutMs: 1100, readAttempts: 2 };

/** What the driver counts beyond the stream's counters. */
export interface SamPollCounts {
  /** Requests the reader did not answer within their timeout. */
  readonly timeouts: number;
  /** Verified frames that answered no pending request (a late reply, a reply of the wrong shape). */
  readonly strays: number;
  /** Find-card requests sent. */
  readonly polls: number;
}

type Reply = { readonly response: Response; readonly at: number };

/**
 * A resident ID card reader speaking the SAM protocol (docs/devices/sam.md) over an injected transport, which
 * it owns. `init()` checks the SAM's status, then a loop asks "find card" every `pollIntervalMs`; a card found
 * is selected and read (`30 01`), and its text block emitted as `{kind: 'id-card'}`. A card the reader found
 * but could not read (a status code at select or read, `readAttempts` times) is emitted once as
 * `{kind: 'unreadable', code: 'id-card.<reason>'}`. Either way the card is not read again until a find answers
 * 0x80 (it left the field; docs/devices/sam.md §5): a card lying on the reader is read once.
 *
 * Privacy (docs/devices/sam.md §7): the text block goes out only inside the `id-card` read; the photo is never
 * passed on (the reply's bytes are zeroed once the text is decoded); discarded runs are passed on with their
 * length only, never their bytes (a corrupted read reply holds a name and a number). Nothing here logs.
 *
 * A reader that stops answering costs a timeout per request (counted in `pollCounts`); polling goes on, so
 * the driver picks up again when it answers. The loop ends at `close()` or when the link goes away.
 */
export class SamReader implements ReaderDriver {
  readonly #stream: ParsedStream<Extract<SamParserEvent, { type: 'frame' }>, SamDiscardReason>;
  readonly #reads = new Listeners<[ReaderRead]>();
  readonly #timings: SamTimings;
  readonly #counts = { timeouts: 0, strays: 0, polls: 0 };
  /** The request waiting for its reply, if any; one at a time. */
  #pending: { readonly command: CommandName; readonly settle: (reply: Reply | undefined) => void } | undefined;
  /** Wakes the loop's pause early (close, link gone). */
  #wake: (() => void) | undefined;
  #stopped = false;
  #loop: Promise<void> | undefined;
  /** The card in the field was read (or reported unreadable): wait for a failed find before reading again. */
  #latched = false;
  #failedAttempts = 0;

  constructor(transport: ByteTransport, timings: SamTimings = DEFAULT_SAM_TIMINGS, clock: () => number = monotonicNow) {
    this.#timings = timings;
    this.#stream = new ParsedStream(transport, new SamParser(), clock);
    this.#stream.onGood((frame, at) => this.#receive(frame.payload, at));
    transport.onClose(() => this.#stop());
  }

  /** Checks the SAM (`11 FF` → 0x90), then starts polling. Fails with `id-card.no-answer`, or `id-card.<reason>` of the SW3 the SAM answered (e.g. `id-card.sam-self-test-failed`). */
  async init(): Promise<Result<void, Failure>> {
    const reply = await this.#request('samStatus', this.#timings.replyTimeoutMs);
    if (!reply.ok) return reply;
    const status = samStatus(reply.value.response.sw3);
    if (status.code !== SW3.success) return err(failure(`id-card.${status.reason}`, `the reader's SAM reports 0x${status.code.toString(16)}: ${status.meaning}`));
    this.#loop ??= this.#poll();
    return ok(undefined);
  }

  onRead(listener: (read: ReaderRead) => void): () => void {
    return this.#reads.add(listener);
  }

  /** Discarded runs with their reason and length; `bytes` is always empty (they may hold a card's text). */
  onBadFrame(listener: (bad: ReaderDiscarded) => void): () => void {
    return this.#stream.onDiscarded((bad) => listener({ reason: bad.reason, bytes: new Uint8Array(0), length: bad.length, at: bad.at }));
  }

  /** The SAM protocol documents no beep or LED command (docs/devices/sam.md §2): resolves ok, sends nothing. */
  acknowledge(): Promise<Result<void, Failure>> {
    return Promise.resolve(ok(undefined));
  }

  counters(): DeviceCounters {
    return this.#stream.counters();
  }

  pollCounts(): SamPollCounts {
    return { ...this.#counts };
  }

  /** Stops polling (a request in flight is abandoned), and closes the transport. */
  async close(): Promise<void> {
    this.#stop();
    // The transport first: a write in flight settles with `serial.closed`, so the loop cannot hang on it.
    await this.#stream.close();
    await this.#loop;
  }

  #stop(): void {
    this.#stopped = true;
    this.#wake?.();
    this.#pending?.settle(undefined);
  }

  async #poll(): Promise<void> {
    while (!this.#stopped) {
      await this.#pollOnce();
      await this.#pause(this.#timings.pollIntervalMs);
    }
  }

  async #pollOnce(): Promise<void> {
    this.#counts.polls += 1;
    const found = await this.#request('find', this.#timings.replyTimeoutMs);
    if (!found.ok) return;
    const sw3 = found.value.response.sw3;
    if (sw3 === SW3.noCard) {
      // The field is empty: whatever card was read has left.
      this.#latched = false;
      this.#failedAttempts = 0;
      return;
    }
    // Any other status (0x10 checksum error, 0x21 command error…) says the reader did not take the find: it
    // says nothing about the card, so a card read before stays latched.
    if (sw3 !== SW3.cardFound) return;
    if (this.#latched) return;
    const selected = await this.#request('select', this.#timings.replyTimeoutMs);
    if (!selected.ok) return;
    if (selected.value.response.sw3 !== SW3.success) return this.#failedAttempt(selected.value);
    const read = await this.#request('readText', this.#timings.readTimeoutMs);
    if (!read.ok) return;
    this.#readCard(read.value);
  }

  #readCard({ response, at }: Reply): void {
    if (response.sw3 !== SW3.success) return this.#failedAttempt({ response, at });
    const info = splitReadInfo(response.data, false);
    const text = info.ok ? parseTextBlock(info.value.text) : info;
    // The reply held the photo and the text: neither stays in the driver's memory beyond this point.
    response.data.fill(0);
    if (info.ok) {
      info.value.photo.fill(0);
      info.value.text.fill(0);
    }
    if (!text.ok) return this.#failed(`id-card.${text.error}`, at);
    this.#latched = true;
    this.#failedAttempts = 0;
    this.#reads.emit({ kind: 'id-card', card: text.value, at });
  }

  #failedAttempt({ response, at }: Reply): void {
    this.#failedAttempts += 1;
    if (this.#failedAttempts >= this.#timings.readAttempts) this.#failed(`id-card.${samStatus(response.sw3).reason}`, at);
  }

  #failed(code: string, at: number): void {
    this.#latched = true;
    this.#failedAttempts = 0;
    this.#reads.emit({ kind: 'unreadable', code, at });
  }

  /** Sends one command and waits for a reply that fits it; `id-card.no-answer` after `timeoutMs`. */
  async #request(command: CommandName, timeoutMs: number): Promise<Result<Reply, Failure>> {
    if (this.#stopped) return err(failure('id-card.stopped', 'the reader was closed'));
    const reply = new Promise<Reply | undefined>((resolve) => {
      const timer = setTimeout(() => settle(undefined), timeoutMs);
      const settle = (r: Reply | undefined): void => {
        clearTimeout(timer);
        if (this.#pending?.settle === settle) this.#pending = undefined;
        resolve(r);
      };
      this.#pending = { command, settle };
    });
    const written = await this.#stream.transport.write(encodeCommand(command));
    if (!written.ok) {
      this.#pending?.settle(undefined);
      return written;
    }
    const got = await reply;
    if (got !== undefined) return ok(got);
    if (this.#stopped) return err(failure('id-card.stopped', 'the reader was closed'));
    this.#counts.timeouts += 1;
    return err(failure('id-card.no-answer', `the reader did not answer ${command} within ${timeoutMs} ms`));
  }

  #receive(payload: Uint8Array, at: number): void {
    const response = decodeResponse(payload);
    const pending = this.#pending;
    if (!response.ok || pending === undefined || !fits(pending.command, response.value)) {
      this.#counts.strays += 1;
      payload.fill(0);
      return;
    }
    pending.settle({ response: response.value, at });
  }

  #pause(ms: number): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}

/**
 * Whether a reply can be the answer to `command`: the reply names no command, so a late reply to a request
 * that timed out must not be taken for the next one's. 0x9F and 0x80 answer only find; a reply carrying a text
 * block answers only a read, and a read's success must carry one.
 */
function fits(command: CommandName, { sw3, data }: Response): boolean {
  const readShaped = data.length >= 4 + TEXT_LENGTH;
  const findOnly = sw3 === SW3.cardFound || sw3 === SW3.noCard;
  if (command === 'find') return !readShaped;
  if (command === 'readText') return !findOnly && (sw3 !== SW3.success || readShaped);
  return !findOnly && !readShaped;
}
