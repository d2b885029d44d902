/**
 * The router is the one boundary around every IPC handler: a handler that throws or rejects is answered
 * `ipc.handler-failed` (generic message), logged once with its stack and never with its input; the shell's
 * admission check runs inside the same boundary. `handle` never throws and never rejects.
 */
import { describe, expect, it } from 'vitest';
import { createIpcRouter, type Handlers } from '../../main/ipc/router.js';
import { err, failure, ok } from '../../src/result.js';
import { capturedLog } from '../harness/captured-log.js';

const PIN = '918273';
const CALLER = { connection: 'test' };
const ID_NUMBER = '11010519491231002X';
const registration = { lane: 'l1', guardId: 'g1', guardPin: PIN, person: { name: '张三', phone: '13800138000', destination: '3-402', idNumber: ID_NUMBER, category: 'visitor' } };

function routerWith(registerPerson: Handlers['gate:register-person']) {
  const captured = capturedLog();
  const calls: string[] = [];
  const router = createIpcRouter(
    {
      'gate:get-view': () => err(failure('test.unused', 'not called')),
      'gate:declare-mask': ({ lane }) => {
        calls.push(lane);
        return ok({ accepted: true });
      },
      'gate:list-guards': () => err(failure('test.unused', 'not called')),
      'gate:register-person': registerPerson,
      'gate:wedge-keys': () => err(failure('test.unused', 'not called')),
    },
    captured.log,
  );
  return { router, calls, ...captured };
}

describe('the IPC boundary', () => {
  const stack = /^Error: boom in a handler\n\s+at /;
  it.each([
    ['throws', stack, () => {
      throw new Error('boom in a handler');
    }],
    ['rejects', stack, () => Promise.reject(new Error('boom in a handler'))],
    ['throws a non-Error', /^a thrown value of type object$/, () => {
      throw { pin: PIN }; // a thrown value may hold anything: only its type is logged
    }],
  ] as const)('answers a handler that %s with ipc.handler-failed, logged once with its stack and not its input', async (_what, logged, handler) => {
    const { router, lines, raw } = routerWith(handler);
    const result = await router.handle('gate:register-person', registration, CALLER);
    expect(result).toEqual({ ok: false, error: { code: 'ipc.handler-failed', message: 'the gate could not complete this call; it has been logged' } });
    const failures = lines.filter((l) => l.msg === 'ipc: handler failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: 50, channel: 'gate:register-person' });
    expect(failures[0]?.error).toMatch(logged);
    expect(lines).toHaveLength(1);
    expect(raw.join('\n')).not.toContain(PIN);
    expect(raw.join('\n')).not.toContain(ID_NUMBER);
  });

  it('keeps answering after a handler failed', async () => {
    const { router, calls } = routerWith(() => {
      throw new Error('boom');
    });
    await router.handle('gate:register-person', registration, CALLER);
    expect(await router.handle('gate:declare-mask', { lane: 'l1' }, CALLER)).toEqual({ ok: true, value: { accepted: true } });
    expect(calls).toEqual(['l1']);
  });

  it('answers an admission refusal unrun, and an admission check that throws as a handler failure', async () => {
    const { router, calls, lines } = routerWith(() => err(failure('test.unused', 'not called')));
    expect(await router.handle('gate:declare-mask', { lane: 'l1' }, CALLER, () => failure('ipc.forbidden', 'not the kiosk frame'))).toEqual({
      ok: false,
      error: { code: 'ipc.forbidden', message: 'not the kiosk frame' },
    });
    const thrown = await router.handle('gate:declare-mask', { lane: 'l1' }, CALLER, () => {
      throw new TypeError('Object has been destroyed');
    });
    expect(thrown.ok ? 'ok' : thrown.error.code).toBe('ipc.handler-failed');
    expect(calls).toEqual([]);
    expect(lines.filter((l) => l.msg === 'ipc: handler failed')).toHaveLength(1);
  });

  it('names a channel that is not a string by its type in the log', async () => {
    const { router, lines } = routerWith(() => err(failure('test.unused', 'not called')));
    const result = await router.handle({ toString: () => 'x'.repeat(1000) }, {}, CALLER);
    expect(result.ok ? 'ok' : result.error.code).toBe('ipc.unknown-channel');
    expect(lines).toEqual([expect.objectContaining({ msg: 'ipc: unknown channel', channel: 'a channel of type object' })]);
  });
});
