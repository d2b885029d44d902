/** Framing of the contract over the headless host's WebSocket; the Electron shell uses ipcRenderer instead. */
import { z } from 'zod';
import { failureSchema } from './contract.js';

/** Largest message either side accepts, bytes. A view snapshot is a few KiB. */
export const MAX_WIRE_MESSAGE_BYTES = 256 * 1024;

/** WebSocket subprotocol; the per-start token travels as a second subprotocol `token.<hex>`. */
export const WIRE_PROTOCOL = 'gate.v1';
export const TOKEN_PROTOCOL_PREFIX = 'token.';

export const clientMessage = z.strictObject({
  t: z.literal('invoke'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(64),
  input: z.unknown(),
});
export type ClientMessage = z.infer<typeof clientMessage>;

export const serverMessage = z.discriminatedUnion('t', [
  z.strictObject({
    t: z.literal('result'),
    id: z.number().int().nonnegative(),
    result: z.union([z.strictObject({ ok: z.literal(true), value: z.unknown() }), z.strictObject({ ok: z.literal(false), error: failureSchema })]),
  }),
  z.strictObject({ t: z.literal('event'), channel: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof serverMessage>;
