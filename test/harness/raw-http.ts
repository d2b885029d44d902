/**
 * Raw exchanges with the headless host over TCP (node:net), for requests no HTTP client would send: a
 * chosen Host header, malformed request lines, hand-made WebSocket frames.
 */
import { connect, type Socket } from 'node:net';

export interface Exchange {
  /** Everything the server sent before it closed (or before the wait ran out). */
  readonly response: Buffer;
  /** False when the server neither answered nor closed within the wait. */
  readonly closed: boolean;
}

/** The status code of a response's first line, if it has one. */
export function statusOf(response: Buffer): number | undefined {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(response.subarray(0, 16).toString('latin1'));
  return m === null ? undefined : Number(m[1]);
}

export interface ExchangeOptions {
  /** Give up (closed: false) after this long. */
  readonly waitMs?: number;
  /** With nothing from the server for this long, end our side, so a server waiting for more of a request sees EOF. */
  readonly idleEndMs?: number;
  /** Called once the response head (up to the blank line) has arrived; by default the exchange ends there. */
  readonly afterHead?: (socket: Socket, head: Buffer) => void;
}

/**
 * Connects to 127.0.0.1:`port`, writes `request`, and collects what comes back until the response head has
 * arrived (or, with `afterHead`, until the server closes), the server closes, or `waitMs` passes.
 */
export function exchange(port: number, request: Uint8Array | string, opts: ExchangeOptions = {}): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let headSeen = false;
    let settled = false;
    const timer = setTimeout(() => finish(false), opts.waitMs ?? 5000);
    let idle: NodeJS.Timeout | undefined;
    const restartIdle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => socket.end(), opts.idleEndMs ?? 200);
    };
    function finish(closed: boolean): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(idle);
      socket.destroy();
      resolve({ response: Buffer.concat(chunks), closed });
    }
    socket.on('error', () => undefined); // a reset is an answer too: 'close' follows
    socket.on('close', () => finish(true));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      restartIdle();
      if (headSeen || !Buffer.concat(chunks).includes('\r\n\r\n')) return;
      headSeen = true;
      if (opts.afterHead === undefined) finish(true);
      else opts.afterHead(socket, Buffer.concat(chunks));
    });
    socket.write(request, () => restartIdle());
  });
}

/** A plain GET with the given Host header (`Connection: close`); resolves to the status code. */
export async function getWithHost(port: number, path: string, host: string | undefined, extra = ''): Promise<number | undefined> {
  const hostLine = host === undefined ? '' : `Host: ${host}\r\n`;
  const { response } = await exchange(port, `GET ${path} HTTP/1.1\r\n${hostLine}Connection: close\r\n${extra}\r\n`);
  return statusOf(response);
}

/** A client WebSocket frame (RFC 6455 §5.2), masked unless told otherwise; `claimedLength` may lie about the payload. */
export function wsFrame(opts: { opcode: number; payload: Uint8Array; fin?: boolean; masked?: boolean; claimedLength?: number; rsv?: number }): Buffer {
  const { opcode, payload, fin = true, masked = true, rsv = 0 } = opts;
  const length = opts.claimedLength ?? payload.length;
  const head: number[] = [(fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)];
  const maskBit = masked ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126) head.push(maskBit | length);
  else if (length < 65_536) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(length);
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(length));
  }
  const key = masked ? Buffer.from([0x37, 0xfa, 0x21, 0x3d]) : Buffer.alloc(0);
  const body = Buffer.from(payload);
  if (masked) for (let i = 0; i < body.length; i++) body[i] = (body[i] ?? 0) ^ (key[i % 4] ?? 0);
  return Buffer.concat([Buffer.from(head), extended, key, body]);
}
