/**
 * The one IPC contract between the kiosk screen and the core, declared once. The Electron preload and
 * the headless host's WebSocket bridge both implement it; handlers in main/ipc/ parse every argument
 * with these schemas, and the renderer parses every reply.
 */
import { z } from 'zod';
import type { Failure, Result } from '../result.js';
import { VISITOR_CATEGORIES } from '../domain.js';
import { keyEvent } from '../keyboard/key-event.js';
import { gateView } from './view.js';

const laneId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/);
/** The same form as a configured guard's id. */
const guardId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/);

/** A person the guard registers by hand: the lane for people without a smartphone or a card reader's luck. */
export const manualEntry = z.strictObject({
  name: z.string().trim().min(1).max(64),
  /** Mainland mobile or landline digits, optional leading +86. */
  phone: z.string().regex(/^(\+86)?[0-9]{7,12}$/, 'digits only, optionally +86'),
  destination: z.string().trim().min(1).max(128),
  /** The 18-character resident ID number when the person has one; never stored, only hashed and sealed. */
  idNumber: z.string().regex(/^[0-9]{17}[0-9Xx]$/).optional(),
  category: z.enum(VISITOR_CATEGORIES),
  purpose: z.string().trim().min(1).max(200).optional(),
});
export type ManualEntry = z.infer<typeof manualEntry>;

/** Key events the page sends at once: a scan at 4 ms a key gives about 20 events (presses and releases) in the page's 40 ms between calls. */
export const MAX_KEY_EVENTS = 256;
const keySeq = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Request/response channels: renderer → core. Each has an input and an output schema. */
export const invokeChannels = {
  'gate:get-view': {
    input: z.strictObject({}),
    output: gateView,
  },
  /** The person at the gate taps "I am wearing a mask" (self-declared mask evidence). */
  'gate:declare-mask': {
    input: z.strictObject({ lane: laneId }),
    output: z.strictObject({ accepted: z.boolean() }),
  },
  /** The guards the touchscreen offers before its PIN pad: ids and display names, nothing else. */
  'gate:list-guards': {
    input: z.strictObject({}),
    output: z.strictObject({ guards: z.array(z.strictObject({ id: guardId, name: z.string() })).max(64) }),
  },
  /** The guard (named from the list, with their PIN) registers a person by hand, logged exactly like an automatic identification. */
  'gate:register-person': {
    input: z.strictObject({ lane: laneId, guardId, guardPin: z.string().regex(/^[0-9]{4,12}$/), person: manualEntry }),
    output: z.strictObject({ accepted: z.boolean(), masked: z.string() }),
  },
  /**
   * The page's key events for the keyboard-wedge detector (docs/devices/wedge.md), in the order they happened,
   * numbered by the page (`seq`), then its clock (`now`, the events' clock: `performance.now()`). The page holds
   * every key press it sent until the reply says what it was: `released` presses go to the UI as typing, in
   * order; `taken` presses formed a scan (it goes to the lane as its scanner's read) and never reach the UI;
   * presses still pending are decided by the first call after `decideAfter` (the page's clock). `wedge: false`:
   * no lane takes the page's keys, everything is released and the page may stop holding keys.
   */
  'gate:wedge-keys': {
    input: z
      .strictObject({
        events: z.array(keyEvent.extend({ seq: keySeq.describe('The page’s number for this event, counting up.') })).max(MAX_KEY_EVENTS).describe('Key events in the order they happened.'),
        now: z.number().finite().describe('The page’s clock now, the events’ clock (ms).'),
      })
      .describe('The page’s key events for the keyboard-wedge detector (docs/devices/wedge.md §5).'),
    output: z
      .strictObject({
        wedge: z.boolean().describe('Whether a reader takes the page’s keys; false: every press is released, the page may stop holding keys.'),
        released: z.array(keySeq).describe('Presses a person typed: released to the UI, in this order.'),
        taken: z.array(keySeq).describe('Presses that formed a scan: never given to the UI.'),
        decideAfter: z.number().nullable().describe('When (page clock) the presses still pending are decided: ask again after it. Null: none pending.'),
      })
      .describe('What the page does with each press it held.'),
  },
} as const;

/** Push channels: core → renderer. */
export const eventChannels = {
  'gate:view': gateView,
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type InvokeInput<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['input']>;
export type InvokeOutput<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['output']>;
export type EventPayload<C extends EventChannel> = z.infer<(typeof eventChannels)[C]>;

export const IPC_ERROR_CODES = [
  'ipc.unknown-channel',
  'ipc.bad-input',
  'ipc.bad-output',
  'ipc.forbidden',
  'ipc.rate-limited',
  'ipc.transport',
  'ipc.handler-failed',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number] | (string & {});

export const failureSchema = z.strictObject({ code: z.string(), message: z.string(), path: z.string().optional() });

/** What `window.gate` offers the renderer, whichever shell provides it. */
export interface GateApi {
  invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<Result<InvokeOutput<C>, Failure<IpcErrorCode>>>;
  /** Subscribes to a push channel; returns the unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
}

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(invokeChannels, name);
}
