import { SerialPort } from 'serialport';
import { err, failure, ok, type Failure, type Result } from '../src/result.js';
import { Listeners } from './listeners.js';
import type { ByteTransport } from './transport.js';

/**
 * Opens a serial port (or one side of a pty pair) as a ByteTransport, 8N1 at `baudRate`.
 * `lock: true` takes an exclusive lock, so a second open of the same path fails instead of stealing bytes.
 * Fails with `serial.open-failed` naming the path; never leaves an `'error'` event unhandled.
 */
export async function openSerialTransport(path: string, baudRate: number): Promise<Result<ByteTransport, Failure>> {
  const port = new SerialPort({ path, baudRate, autoOpen: false, lock: true });
  const opened = await new Promise<Error | null>((resolve) => {
    port.open(resolve);
  });
  if (opened !== null) return err(failure('serial.open-failed', `cannot open ${path} at ${baudRate} bit/s: ${opened.message}`));
  return ok(new SerialTransport(port));
}

const closedFailure = (path: string): Result<void, Failure> => err(failure('serial.closed', `${path} is closed`));

class SerialTransport implements ByteTransport {
  readonly #port: SerialPort;
  readonly #data = new Listeners<[Uint8Array]>();
  readonly #closed = new Listeners<[Failure | undefined]>();
  /**
   * Writes still waiting for their callback. @serialport/stream `_write` parks a write on a closed port until the
   * port reopens, which never happens here, so these are settled with `serial.closed` when the link ends.
   */
  readonly #pending = new Set<(result: Result<void, Failure>) => void>();
  #lastError: Error | undefined;
  #deliberate = false;
  #ended = false;
  #closing: Promise<void> | undefined;

  constructor(port: SerialPort) {
    this.#port = port;
    port.on('data', (chunk: Buffer) => {
      this.#data.emit(chunk);
    });
    // A failed write emits 'error' and then a 'close' without arguments (stream auto-destroy) before the
    // DisconnectedError 'close' of @serialport/stream `_disconnected`; keep the error to name the cause.
    port.on('error', (error: Error) => {
      this.#lastError ??= error;
    });
    port.on('close', (error: Error | null | undefined) => {
      this.#end(error ?? this.#lastError);
    });
    this.#watchHangUp();
  }

  /**
   * A hung-up tty (socat killed under a pty) reads 0 bytes, which @serialport/bindings-cpp 13 `unixRead` retries
   * at once: a read in flight at the hang-up spins forever and no 'close' comes (reproduced in
   * test/drivers/transport_unplug.test.ts). A standing 'disconnect' poll keeps the fd in epoll, which reports the
   * hang-up as POLLERR (libuv: "bad file descriptor"); closing the port then ends the spin.
   */
  #watchHangUp(): void {
    const binding = this.#port.port;
    if (binding === undefined || !('poller' in binding)) return; // Windows reports unplugs through its read errors
    binding.poller.once('disconnect', (error) => {
      if (this.#ended || this.#deliberate || !this.#port.isOpen) return;
      this.#lastError ??= error ?? new Error('hang-up');
      this.#port.close();
    });
  }

  write(data: Uint8Array): Promise<Result<void, Failure>> {
    if (this.#ended || this.#deliberate) return Promise.resolve(closedFailure(this.#port.path));
    return new Promise((resolve) => {
      const settle = (result: Result<void, Failure>): void => {
        if (this.#pending.delete(settle)) resolve(result);
      };
      this.#pending.add(settle);
      const failed = (e: Error): void => {
        settle(err(failure('serial.write-failed', `writing ${data.byteLength} bytes to ${this.#port.path}: ${e.message}`)));
      };
      this.#port.write(Buffer.from(data), (writeError) => {
        if (writeError) return failed(writeError);
        this.#port.drain((drainError) => {
          if (drainError) failed(drainError);
          else settle(ok(undefined));
        });
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#data.add(listener);
  }

  onClose(listener: (reason: Failure | undefined) => void): () => void {
    return this.#closed.add(listener);
  }

  close(): Promise<void> {
    this.#closing ??= new Promise((resolve) => {
      this.#deliberate = true;
      const done = (): void => {
        this.#end(undefined);
        resolve();
      };
      if (this.#port.isOpen) this.#port.close(done);
      else done();
    });
    return this.#closing;
  }

  #end(cause: Error | undefined): void {
    if (this.#ended) return;
    this.#ended = true;
    const path = this.#port.path;
    for (const settle of [...this.#pending]) settle(closedFailure(path));
    const reason = this.#deliberate ? undefined : failure('serial.disconnected', `${path} went away: ${cause?.message ?? 'closed by the OS'}`);
    this.#closed.emit(reason);
  }
}
