import { ok, type Failure, type Result } from '../../../src/result.js';
import { monotonicNow } from '../../monotonic.js';
import { ParsedReader } from '../../reader/parsed-reader.js';
import type { ByteTransport } from '../../transport.js';
import { HONEYWELL_COMMANDS } from './codec.js';
import type { LineSuffix } from './parser.js';
import { LineScanParser } from './scan-parser.js';

export interface LineScannerOptions {
  /** What ends a code (docs/devices/line.md §1). Default `auto`: CR, LF or CR LF. */
  readonly suffix?: LineSuffix;
  /** `strip`: take an AIM symbology prefix (`]Q1`) off each code and report it (docs/devices/line.md §2). Default `none`. */
  readonly aimPrefix?: 'none' | 'strip';
  /** `honeywell`: trigger reading with `SYN T CR` at every open and after every read (docs/devices/line.md §3). Default `none`. */
  readonly trigger?: 'none' | 'honeywell';
  /** `honeywell`: acknowledge a good read with the beep `SYN BEL CR`. Default `none`. */
  readonly beep?: 'none' | 'honeywell';
}

/**
 * A QR/barcode scanner in serial-emulation mode: one code per line (docs/devices/line.md). Owns the injected
 * transport. Reads are `text` (with `symbology` when a prefix was stripped); counters as ParsedStream's
 * (`badFrames`: discarded lines). The text is passed on as scanned: it may hold control characters
 * (BadBarcode), so validate before use.
 *
 * With the Honeywell trigger, the scanner reads only while triggered and stops after a good read, so the
 * driver triggers it at every `init` (every open) and again after each read; `close` untriggers it.
 */
export class LineScanner extends ParsedReader {
  readonly #options: LineScannerOptions;
  #retrigger: (() => void) | undefined;

  constructor(transport: ByteTransport, options: LineScannerOptions = {}, clock: () => number = monotonicNow) {
    super(transport, new LineScanParser(options.suffix ?? 'auto', options.aimPrefix ?? 'none'), clock);
    this.#options = options;
  }

  override init(): Promise<Result<void, Failure>> {
    if (this.#options.trigger !== 'honeywell') return super.init();
    this.#retrigger ??= this.stream.onGood(() => {
      void this.stream.transport.write(HONEYWELL_COMMANDS.trigger);
    });
    return this.stream.transport.write(HONEYWELL_COMMANDS.trigger);
  }

  override acknowledge(): Promise<Result<void, Failure>> {
    return this.#options.beep === 'honeywell' ? this.stream.transport.write(HONEYWELL_COMMANDS.beep) : Promise.resolve(ok(undefined));
  }

  /** Untriggers a triggered scanner (where the link is still there), then closes the transport. */
  override async close(): Promise<void> {
    this.#retrigger?.();
    if (this.#options.trigger === 'honeywell') await this.stream.transport.write(HONEYWELL_COMMANDS.untrigger);
    await super.close();
  }
}
