/** The one `GateApi` the screen talks to: Electron's preload provides `window.gate`; otherwise the headless host's WebSocket. */
import type { GateApi } from '../../src/ipc/contract.js';
import { connectWsGate } from './ws-gate.js';

export function gateApi(): GateApi {
  return window.gate ?? connectWsGate(window.location);
}
