import type { Failure, Result } from '../src/result.js';

/**
 * A byte link to one device: a serial port, one side of a pty pair, or a fake in tests.
 * Drivers take it in their constructor and own it from then on (their `close()` closes it).
 */
export interface ByteTransport {
  /** Resolves after the bytes are handed to the OS (drain). Fails with `serial.closed` once the link is gone. */
  write(data: Uint8Array): Promise<Result<void, Failure>>;
  /**
   * Every chunk as the OS delivered it; chunk boundaries carry no meaning. Returns unsubscribe. Bytes that
   * arrive before the first listener are held (bounded) and handed to it when it subscribes.
   */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Fires once when the link goes away (unplug, socat killed, close()); failure undefined on a deliberate close. */
  onClose(listener: (reason: Failure | undefined) => void): () => void;
  /** Idempotent; resolves once the port is released. */
  close(): Promise<void>;
}
