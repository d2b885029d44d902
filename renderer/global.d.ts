import type { GateApi } from '../src/ipc/contract.js';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent when the headless host serves the page. */
    readonly gate?: GateApi;
  }
}
