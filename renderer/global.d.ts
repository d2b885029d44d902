import type { GateApi } from '../src/ipc/contract.js';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge), or by the page itself over the headless host's WebSocket. */
    readonly gate?: GateApi;
  }
}
