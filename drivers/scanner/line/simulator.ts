import { setTimeout as sleep } from 'node:timers/promises';
import { ok, type Failure, type Result } from '../../../src/result.js';
import { openSerialTransport } from '../../serial-transport.js';
import type { ByteTransport } from '../../transport.js';

export interface ScanOptions {
  /** Default CR, the serial-emulation default (docs/devices.md §2.4). */
  readonly terminator?: '\r\n' | '\r' | '\n';
  /** Pause between bytes; 0 writes the whole line at once. A real 9600 bit/s link spends ≈1.04 ms per byte. */
  readonly interByteMs?: number;
}

/** The scanner side of a serial-emulation scanner on a pty: writes codes as text lines. Writes never interleave. */
export class LineScannerSimulator {
  static async open(devicePath: string): Promise<Result<LineScannerSimulator, Failure>> {
    const transport = await openSerialTransport(devicePath, 9600);
    return transport.ok ? ok(new LineScannerSimulator(transport.value)) : transport;
  }

  readonly #transport: ByteTransport;
  readonly #encoder = new TextEncoder();
  #writes: Promise<void> = Promise.resolve();

  private constructor(transport: ByteTransport) {
    this.#transport = transport;
  }

  /** Writes `text` as UTF-8 plus the terminator; resolves once written (or lost, if the link is gone). */
  scan(text: string, options: ScanOptions = {}): Promise<void> {
    const bytes = this.#encoder.encode(text + (options.terminator ?? '\r'));
    const gap = options.interByteMs ?? 0;
    return this.#enqueue(async () => {
      if (gap === 0) {
        await this.#transport.write(bytes);
        return;
      }
      for (let i = 0; i < bytes.length; i++) {
        if (i > 0) await sleep(gap);
        await this.#transport.write(bytes.subarray(i, i + 1));
      }
    });
  }

  /** Writes bytes as they are: garbage, invalid UTF-8, lines without terminator. */
  writeRaw(bytes: Uint8Array): Promise<void> {
    return this.#enqueue(async () => {
      await this.#transport.write(bytes);
    });
  }

  /** Lets queued writes finish and closes the port. */
  async close(): Promise<void> {
    await this.#writes;
    await this.#transport.close();
  }

  #enqueue(write: () => Promise<void>): Promise<void> {
    this.#writes = this.#writes.then(write);
    return this.#writes;
  }
}
