/**
 * The single entry for every call from a kiosk screen, whichever shell carried it (Electron ipcMain or
 * the headless WebSocket bridge). Arguments arrive as `unknown` and are parsed with the contract's
 * schemas; replies are parsed too, so a handler bug surfaces as a coded failure, not a malformed reply.
 */
import { invokeChannels, isInvokeChannel, type InvokeChannel, type InvokeInput, type InvokeOutput } from '../../src/ipc/contract.js';
import { err, failure, ok, type Failure, type Result } from '../../src/result.js';
import { describeFailures, fieldFailures } from '../../src/zod-issues.js';
import type { Log } from '../log.js';

export type Handler<C extends InvokeChannel> = (input: InvokeInput<C>) => Result<InvokeOutput<C>, Failure> | Promise<Result<InvokeOutput<C>, Failure>>;

/** One handler per channel; the compiler checks that every channel has one. */
export type Handlers = { readonly [C in InvokeChannel]: Handler<C> };

export interface IpcRouter {
  handle(channel: unknown, input: unknown): Promise<Result<unknown, Failure>>;
}

export function createIpcRouter(handlers: Handlers, log: Log): IpcRouter {
  return {
    async handle(channel, input) {
      if (!isInvokeChannel(channel)) {
        log.warn({ channel: String(channel).slice(0, 64) }, 'ipc: unknown channel');
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
    },
  };
}
