/**
 * The one `GateApi` the screen talks to: Electron's preload provides `window.gate`; under the headless
 * host the page connects the WebSocket bridge and offers it as `window.gate` too, so every screen (and
 * the guard's tools) reaches the core through the same contract whichever shell serves the page.
 */
import type { GateApi } from '../../src/ipc/contract.js';
import { connectWsGate } from './ws-gate.js';

export function gateApi(): GateApi {
  if (window.gate !== undefined) return window.gate;
  const api = connectWsGate(window.location);
  Object.defineProperty(window, 'gate', { value: Object.freeze(api), writable: false, configurable: false });
  return api;
}
