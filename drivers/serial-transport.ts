import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { err, failure, ok, type Failure, type Result } from '../src/result.js';
import { Listeners } from './listeners.js';
import type { ByteTransport } from './transport.js';

/**
 * Opens a serial port (or one side of a pty pair) as a ByteTransport, 8N1 at `baudRate`.
 * `lock: true` takes an exclusive lock, so a second open of the same path fails instead of stealing bytes.
 * Fails with `serial.absent` when nothing is at `path` (symlinks followed: a by-id name whose adapter is
 * unplugged, a dangling link), else `serial.open-failed`, each naming the path; never leaves an `'error'`
 * event unhandled.
 */
export async function openSerialTransport(path: string, baudRate: number): Promise<Result<ByteTransport, Failure>> {
  const present = await stat(path).then(
    () => true,
    (e: NodeJS.ErrnoException) => e.code !== 'ENOENT' && e.code !== 'ENOTDIR',
  );
  if (!present) return err(failure('serial.absent', `nothing at ${path}: not plugged in, or the name is wrong`));
  const port = new SerialPort({ path, baudRate, autoOpen: false, lock: true });
  const opened = await new Promise<Error | null>((resolve) => {
    port.open(resolve);
  });
  if (opened !== null) return err(failure('serial.open-failed', `cannot open ${path} at ${baudRate} bit/s: ${opened.message}`));
  return ok(new SerialTransport(port));
}

const closedFailure = (path: string): Result<void, Failure> => err(failure('serial.closed', `${path} is closed`));

/** Most bytes held for a first listener (a few scans' worth many times over); beyond it the oldest go. */
const MAX_HELD_BYTES = 64 * 1024;

class SerialTransport implements ByteTransport {
  readonly #port: SerialPort;
  readonly #data = new Listeners<[Uint8Array]>();
  readonly #closed = new Listeners<[Failure | undefined]>();
  /**
   * Writes still waiting for their callback. @serialport/stream `_write` parks a write on a closed port until the
   * port reopens, which never happens here, so these are settled with `serial.closed` when the link ends.
   */
  readonly #pending = new Set<(result: Result<void, Failure>) => void>();
  /**
   * Bytes that arrived before anyone listened (between the open and the lane subscribing): handed to the
   * first listener, so a scan made the moment the port opened is not lost. Undefined once delivered.
   */
  #held: Buffer[] | undefined = [];
  #lastError: Error | undefined;
  #deliberate = false;
  #ended = false;
  #closing: Promise<void> | undefined;

  constructor(port: SerialPort) {
    this.#port = port;
    port.on('data', (chunk: Buffer) => {
      if (this.#held === undefined) this.#data.emit(chunk);
      else this.#hold(chunk);
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

  /** The first listener gets, at once, whatever arrived since the port opened. */
  onData(listener: (chunk: Uint8Array) => void): () => void {
    const unsubscribe = this.#data.add(listener);
    const held = this.#held;
    this.#held = undefined;
    for (const chunk of held ?? []) listener(chunk);
    return unsubscribe;
  }

  #hold(chunk: Buffer): void {
    const held = this.#held ?? [];
    held.push(chunk);
    let size = held.reduce((n, c) => n + c.length, 0);
    // The oldest bytes go first; the parser then sees a cut line and counts it as discarded.
    while (size > MAX_HELD_BYTES && held.length > 0) size -= held.shift()?.length ?? 0;
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
