/**
 * The receive side every reader driver on a serial line shares: a parser (never throws) turns bytes into
 * reads, stamped with the driver's clock, and discarded runs, counted (drivers/parsed-stream.ts). A driver
 * whose device takes commands (trigger, beep) extends it; one that only listens is this class with its parser.
 */
import type { DeviceCounters } from '../../src/devices/status.js';
import { ok, type Failure, type Result } from '../../src/result.js';
import { ParsedStream, type StreamParser } from '../parsed-stream.js';
import type { ByteTransport } from '../transport.js';
import type { ReaderDiscarded, ReaderDriver, ReaderRead } from './reader.js';

type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;

/** A read without its time stamp. */
export type ReadBody = WithoutAt<ReaderRead>;

/** A read as a parser emits it; the stream adds `at`. */
export interface ReadEvent {
  readonly type: 'read';
  readonly read: ReadBody;
}

export const readEvent = (read: ReadBody): ReadEvent => ({ type: 'read', read });

export class ParsedReader implements ReaderDriver {
  protected readonly stream: ParsedStream<ReadEvent, string>;

  constructor(transport: ByteTransport, parser: StreamParser<ReadEvent, string>, clock: () => number) {
    this.stream = new ParsedStream(transport, parser, clock);
  }

  /** Nothing to set up on a device that only sends. */
  init(): Promise<Result<void, Failure>> {
    return Promise.resolve(ok(undefined));
  }

  onRead(listener: (read: ReaderRead) => void): () => void {
    return this.stream.onGood((e, at) => listener({ ...e.read, at }));
  }

  onBadFrame(listener: (bad: ReaderDiscarded) => void): () => void {
    return this.stream.onDiscarded(listener);
  }

  /** A device without a beep or LED command: nothing to send. */
  acknowledge(): Promise<Result<void, Failure>> {
    return Promise.resolve(ok(undefined));
  }

  counters(): DeviceCounters {
    return this.stream.counters();
  }

  close(): Promise<void> {
    return this.stream.close();
  }
}
