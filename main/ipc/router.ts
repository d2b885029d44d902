/**
 * The single entry for every call from a kiosk screen, whichever shell carried it (Electron ipcMain or
 * the headless WebSocket bridge). Arguments arrive as `unknown` and are parsed with the contract's
 * schemas; replies are parsed too, so a handler bug surfaces as a coded failure, not a malformed reply.
 *
 * It is also the one boundary around every handler: a handler that throws or rejects (a bug) is answered
 * `ipc.handler-failed` with a generic message and logged once, with its stack but never its input, which
 * may hold a PIN or an ID number. `handle` itself never throws and never rejects. Its per-call warnings (an
 * unknown channel, bad input) are summarised (main/log/summary.ts), so a flood of bad calls costs bounded log lines.
 */
import { invokeChannels, isInvokeChannel, type InvokeChannel, type InvokeInput, type InvokeOutput } from '../../src/ipc/contract.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { describeFailures, fieldFailures } from '../../src/zod-issues.js';
import { thrownForLog, type Log } from '../log.js';
import { Summary } from '../log/summary.js';

/** Who is calling: the shell's name for the connection (journaled with guard actions, keys their backoff). */
export interface Caller {
  readonly connection: string;
}

export type Handler<C extends InvokeChannel> = (input: InvokeInput<C>, caller: Caller) => Result<InvokeOutput<C>, Failure> | Promise<Result<InvokeOutput<C>, Failure>>;

/** One handler per channel; the compiler checks that every channel has one. */
export type Handlers = { readonly [C in InvokeChannel]: Handler<C> };

/** A shell's check of the caller (its frame, its call rate), made inside the boundary: a failure answers the call unrun. */
export type Admission = () => Failure | undefined;

export interface IpcRouter {
  handle(channel: unknown, input: unknown, caller: Caller, admit?: Admission): Promise<Result<unknown, Failure>>;
}

/** Warnings of one kind logged in full per window; the rest are counted into one line. */
export const WARNING_SUMMARY = { burst: 5, windowMs: 10_000 } as const;

/** A channel name as the log shows it: what the caller sent may be anything, and long. */
const channelForLog = (channel: unknown): string => (typeof channel === 'string' ? channel.slice(0, 64) : `a channel of type ${typeof channel}`);

export function createIpcRouter(handlers: Handlers, log: Log): IpcRouter {
  const warnings = new Summary<{ warning: string }>({
    ...WARNING_SUMMARY,
    report: ({ detail, count, windowMs }) => log.warn({ ...detail, suppressed: count, seconds: windowMs / 1000 }, 'ipc: warnings suppressed'),
  });
  async function route(channel: unknown, input: unknown, caller: Caller, admit: Admission | undefined): Promise<Result<unknown, Failure>> {
    const refused = admit?.();
    if (refused !== undefined) return err(refused);
    if (!isInvokeChannel(channel)) {
      if (warnings.admit('unknown-channel', { warning: 'ipc: unknown channel' })) log.warn({ channel: channelForLog(channel), connection: caller.connection }, 'ipc: unknown channel');
      return err(failure('ipc.unknown-channel', 'unknown channel'));
    }
    const spec = invokeChannels[channel];
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      const failures = fieldFailures('ipc.bad-input', parsed.error);
      if (warnings.admit('bad-input', { warning: 'ipc: bad input' })) log.warn({ channel, connection: caller.connection, errors: failures.map((f) => f.message) }, 'ipc: bad input');
      return err(failure('ipc.bad-input', describeFailures(failures)));
    }
    const handler = handlers[channel] as (i: unknown, c: Caller) => ReturnType<Handler<InvokeChannel>>;
    const result = await handler(parsed.data, caller);
    if (!result.ok) return result;
    const out = spec.output.safeParse(result.value);
    if (!out.success) {
      log.error({ channel, errors: fieldFailures('ipc.bad-output', out.error).map((f) => f.message) }, 'ipc: handler returned a malformed reply');
      return err(failure('ipc.bad-output', 'the core produced a malformed reply'));
    }
    return ok(out.data);
  }
  return {
    async handle(channel, input, caller, admit) {
      try {
        return await route(channel, input, caller, admit);
      } catch (e) {
        log.error({ channel: channelForLog(channel), error: thrownForLog(e) }, 'ipc: handler failed');
        return err(failure('ipc.handler-failed', 'the gate could not complete this call; it has been logged'));
      }
    },
  };
}
