/** Framing of the contract over the headless host's WebSocket; the Electron shell uses ipcRenderer instead. */
import { z } from 'zod';
import { failureSchema } from './contract.js';

/** Largest message either side accepts, bytes. A view snapshot is a few KiB. */
export const MAX_WIRE_MESSAGE_BYTES = 256 * 1024;

/** WebSocket subprotocol; the pairing secret (`#pair=<hex>` in the kiosk URL) travels as a second subprotocol `token.<hex>`. */
export const WIRE_PROTOCOL = 'gate.v1';
export const TOKEN_PROTOCOL_PREFIX = 'token.';

/**
 * The heartbeat, the same frame both ways: the gate sends one every HEARTBEAT_MS (main/host/heartbeat.ts) and
 * the page answers each with the same frame. Each side takes silence as a lost bridge.
 */
export const heartbeatMessage = z.strictObject({ t: z.literal('beat') });
export const HEARTBEAT_FRAME = JSON.stringify({ t: 'beat' } satisfies z.infer<typeof heartbeatMessage>);
/** How long the page goes without any frame from the gate before it takes the bridge as lost (three beats). */
export const BRIDGE_SILENCE_MS = 1500;

export const clientMessage = z.discriminatedUnion('t', [
  z.strictObject({
    t: z.literal('invoke'),
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    channel: z.string().max(64),
    input: z.unknown(),
  }),
  heartbeatMessage,
]);
export type ClientMessage = z.infer<typeof clientMessage>;

export const serverMessage = z.discriminatedUnion('t', [
  z.strictObject({
    t: z.literal('result'),
    id: z.number().int().nonnegative(),
    result: z.union([z.strictObject({ ok: z.literal(true), value: z.unknown() }), z.strictObject({ ok: z.literal(false), error: failureSchema })]),
  }),
  z.strictObject({ t: z.literal('event'), channel: z.string(), payload: z.unknown() }),
  heartbeatMessage,
]);
export type ServerMessage = z.infer<typeof serverMessage>;
