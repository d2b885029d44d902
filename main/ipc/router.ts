/**
 * The single entry for every call from a kiosk screen, whichever shell carried it (Electron ipcMain or
 * the headless WebSocket bridge). Arguments arrive as `unknown` and are parsed with the contract's
 * schemas; replies are parsed too, so a handler bug surfaces as a coded failure, not a malformed reply.
 *
 * It is also the one boundary around every handler: a handler that throws or rejects (a bug) is answered
 * `ipc.handler-failed` with a generic message and logged once, with its stack but never its input, which
 * may hold a PIN or an ID number. `handle` itself never throws and never rejects.
 */
import { invokeChannels, isInvokeChannel, type InvokeChannel, type InvokeInput, type InvokeOutput } from '../../src/ipc/contract.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { describeFailures, fieldFailures } from '../../src/zod-issues.js';
import { thrownForLog, type Log } from '../log.js';

export type Handler<C extends InvokeChannel> = (input: InvokeInput<C>) => Result<InvokeOutput<C>, Failure> | Promise<Result<InvokeOutput<C>, Failure>>;

/** One handler per channel; the compiler checks that every channel has one. */
export type Handlers = { readonly [C in InvokeChannel]: Handler<C> };

/** A shell's check of the caller (its frame, its call rate), made inside the boundary: a failure answers the call unrun. */
export type Admission = () => Failure | undefined;

export interface IpcRouter {
  handle(channel: unknown, input: unknown, admit?: Admission): Promise<Result<unknown, Failure>>;
}

/** A channel name as the log shows it: what the caller sent may be anything, and long. */
const channelForLog = (channel: unknown): string => (typeof channel === 'string' ? channel.slice(0, 64) : `a channel of type ${typeof channel}`);

export function createIpcRouter(handlers: Handlers, log: Log): IpcRouter {
  async function route(channel: unknown, input: unknown, admit: Admission | undefined): Promise<Result<unknown, Failure>> {
    const refused = admit?.();
    if (refused !== undefined) return err(refused);
    if (!isInvokeChannel(channel)) {
      log.warn({ channel: channelForLog(channel) }, 'ipc: unknown channel');
      return err(failure('ipc.unknown-channel', 'unknown channel'));
    }
    const spec = invokeChannels[channel];
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      const failures = fieldFailures('ipc.bad-input', parsed.error);
      log.warn({ channel, errors: failures.map((f) => f.message) }, 'ipc: bad input');
      return err(failure('ipc.bad-input', describeFailures(failures)));
    }
    const handler = handlers[channel] as (i: unknown) => ReturnType<Handler<InvokeChannel>>;
    const result = await handler(parsed.data);
    if (!result.ok) return result;
    const out = spec.output.safeParse(result.value);
    if (!out.success) {
      log.error({ channel, errors: fieldFailures('ipc.bad-output', out.error).map((f) => f.message) }, 'ipc: handler returned a malformed reply');
      return err(failure('ipc.bad-output', 'the core produced a malformed reply'));
    }
    return ok(out.data);
  }
  return {
    async handle(channel, input, admit) {
      try {
        return await route(channel, input, admit);
      } catch (e) {
        log.error({ channel: channelForLog(channel), error: thrownForLog(e) }, 'ipc: handler failed');
        return err(failure('ipc.handler-failed', 'the gate could not complete this call; it has been logged'));
      }
    },
  };
}
