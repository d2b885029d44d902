/**
 * The sandboxed preload: exposes the one contract as `window.gate` over ipcRenderer. Replies and pushed
 * events are parsed with the contract's schemas before the page sees them. Bundled to preload.cjs
 * (vite.preload.config.ts): sandboxed preloads cannot load ES modules or other files.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { eventChannels, failureSchema, invokeChannels, type GateApi } from '../../src/ipc/contract.js';

const transportFailure = (message: string) => ({ ok: false as const, error: { code: 'ipc.transport', message } });

const gate: GateApi = {
  async invoke(channel, input) {
    let reply: unknown;
    try {
      reply = await ipcRenderer.invoke(channel, input);
    } catch (e) {
      return transportFailure((e as Error).message);
    }
    const r = reply as { ok?: unknown; value?: unknown; error?: unknown };
    if (r.ok === true) {
      const value = invokeChannels[channel].output.safeParse(r.value);
      return value.success ? { ok: true, value: value.data as never } : transportFailure('malformed reply');
    }
    const error = failureSchema.safeParse(r.error);
    return error.success ? { ok: false, error: error.data } : transportFailure('malformed reply');
  },
  on(channel, listener) {
    const handler = (_e: unknown, payload: unknown): void => {
      const parsed = eventChannels[channel].safeParse(payload);
      if (parsed.success) listener(parsed.data);
    };
    ipcRenderer.on(channel, handler);
    return () => void ipcRenderer.removeListener(channel, handler);
  },
};

contextBridge.exposeInMainWorld('gate', gate);
