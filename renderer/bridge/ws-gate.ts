/**
 * `GateApi` over the headless host's WebSocket (src/ipc/wire.ts). Every server message and every reply
 * value is parsed; what does not parse is dropped (messages) or a failure value (replies), never thrown.
 * The socket reconnects with capped backoff, since the gate may restart under the page (the pairing secret
 * in the URL outlives restarts), and fetches the view at each connection so the screen catches up with what
 * it missed. The heartbeat (./heartbeat.ts) tells a silent gate from a quiet one; `link` says which.
 */
import {
  eventChannels,
  invokeChannels,
  type EventChannel,
  type GateApi,
  type InvokeChannel,
  type InvokeInput,
  type InvokeOutput,
  type IpcErrorCode,
} from '../../src/ipc/contract.js';
import { HEARTBEAT_FRAME, MAX_WIRE_MESSAGE_BYTES, serverMessage, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL, type ClientMessage, type ServerMessage } from '../../src/ipc/wire.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { watchSilence } from './heartbeat.js';
import { linkTracker, type BridgeLink } from './link.js';

export const INVOKE_TIMEOUT_MS = 5_000;
const BACKOFF_FIRST_MS = 250;
/** A restarted gate is back on screen within this long of listening again. */
const BACKOFF_CAP_MS = 2_000;
const CONNECTING = 0;
const OPEN = 1;

/** How a socket is made; tests pass a fake, the page uses the browser's WebSocket. */
export type SocketFactory = (url: string, protocols: string[]) => WebSocket;

type Reply = Result<unknown, Failure<IpcErrorCode>>;

interface Pending {
  readonly channel: InvokeChannel;
  readonly frame: string;
  readonly timer: ReturnType<typeof setTimeout>;
  readonly settle: (reply: Reply) => void;
}

export function wsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ipc`;
}

/** The wire protocol, plus the pairing secret from `#pair=<hex>` when the page has one. */
export function wsProtocols(location: Pick<Location, 'hash'>): string[] {
  const secret = new URLSearchParams(location.hash.slice(1)).get('pair');
  return secret !== null && /^[0-9a-f]{1,128}$/i.test(secret) ? [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + secret] : [WIRE_PROTOCOL];
}

/** Delay before reconnect attempt `attempt` (0-based): doubling from 250 ms, capped at 2 s. */
export function backoffMs(attempt: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** Math.min(attempt, 16));
}

/** One frame from the server, or undefined when it is not a well-formed message. */
export function parseServerMessage(data: unknown): ServerMessage | undefined {
  if (typeof data !== 'string' || data.length > MAX_WIRE_MESSAGE_BYTES) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return undefined;
  }
  const parsed = serverMessage.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** A reply as the caller sees it: the value checked against the channel's output schema. */
export function toReply(channel: InvokeChannel, result: Extract<ServerMessage, { t: 'result' }>['result']): Reply {
  if (!result.ok) return err(failure(result.error.code, result.error.message, result.error.path));
  const value = invokeChannels[channel].output.safeParse(result.value);
  return value.success ? ok(value.data) : err(failure('ipc.bad-output', `reply on ${channel} does not match the contract`));
}

export interface WsGate {
  readonly api: GateApi;
  readonly link: BridgeLink;
}

export function connectWsGate(location: Location, makeSocket: SocketFactory = (url, protocols) => new WebSocket(url, protocols)): WsGate {
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const link = linkTracker();
  let socket: WebSocket | undefined;
  let nextId = 0;
  let attempt = 0;

  const settle = (id: number, reply: Reply): void => {
    const p = pending.get(id);
    if (p === undefined) return;
    pending.delete(id);
    clearTimeout(p.timer);
    p.settle(reply);
  };

  const emit = (channel: string, payload: unknown): void => {
    if (!Object.hasOwn(eventChannels, channel)) return;
    const parsed = eventChannels[channel as EventChannel].safeParse(payload);
    if (!parsed.success) return;
    for (const listener of listeners.get(channel as EventChannel) ?? []) listener(parsed.data);
  };

  const onMessage = (s: WebSocket, msg: ServerMessage): void => {
    if (msg.t === 'beat') {
      s.send(HEARTBEAT_FRAME);
      return;
    }
    if (msg.t === 'event') {
      emit(msg.channel, msg.payload);
      return;
    }
    const p = pending.get(msg.id);
    if (p !== undefined) settle(msg.id, toReply(p.channel, msg.result));
  };

  const refetchView = async (): Promise<void> => {
    const view = await api.invoke('gate:get-view', {});
    if (view.ok) emit('gate:view', view.value);
  };

  const connect = (): void => {
    let s: WebSocket;
    try {
      s = makeSocket(wsUrl(location), wsProtocols(location));
    } catch {
      scheduleReconnect(); // a socket that cannot even be made (bad URL): keep trying, never throw
      return;
    }
    socket = s;
    /** This socket is done with (closed, or silent): calls in flight fail, the link is lost, another try follows. */
    const lost = (why: string): void => {
      if (socket !== s) return;
      socket = undefined;
      silence.stop();
      link.set('lost');
      for (const id of [...pending.keys()]) settle(id, err(failure('ipc.transport', why)));
      scheduleReconnect();
    };
    const silence = watchSilence(() => {
      lost('the gate went silent');
      s.close(); // its close event, whenever it comes, finds another socket in place
    });
    s.addEventListener('open', () => {
      silence.opened();
      for (const p of pending.values()) s.send(p.frame);
    });
    s.addEventListener('message', (event: MessageEvent) => {
      const msg = parseServerMessage(event.data);
      if (msg === undefined || socket !== s) return;
      silence.heard();
      if (link.state() !== 'up') {
        attempt = 0;
        link.set('up');
        void refetchView();
      }
      onMessage(s, msg);
    });
    s.addEventListener('close', () => lost('connection to the gate closed'));
  };

  const scheduleReconnect = (): void => {
    setTimeout(connect, backoffMs(attempt));
    attempt += 1;
  };

  const api: GateApi = {
    invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<Result<InvokeOutput<C>, Failure<IpcErrorCode>>> {
      type Out = Result<InvokeOutput<C>, Failure<IpcErrorCode>>;
      const s = socket;
      if (s === undefined || (s.readyState !== OPEN && s.readyState !== CONNECTING)) {
        return Promise.resolve(err(failure<IpcErrorCode>('ipc.transport', 'not connected to the gate')));
      }
      const id = nextId++;
      const message: ClientMessage = { t: 'invoke', id, channel, input };
      const frame = JSON.stringify(message);
      return new Promise<Out>((resolve) => {
        const timer = setTimeout(() => settle(id, err(failure('ipc.transport', `no reply on ${channel} within ${INVOKE_TIMEOUT_MS} ms`))), INVOKE_TIMEOUT_MS);
        // The reply value was parsed with this channel's output schema (toReply), so it has the channel's type.
        pending.set(id, { channel, frame, timer, settle: (reply) => resolve(reply as Out) });
        if (s.readyState === OPEN) s.send(frame);
      });
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => set.delete(entry);
    },
  };

  connect();
  return { api, link };
}
