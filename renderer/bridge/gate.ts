/**
 * The one `GateApi` the screen talks to: Electron's preload provides `window.gate`; under the headless
 * host the page connects the WebSocket bridge and offers it as `window.gate` too, so every screen (and
 * the guard's tools) reaches the core through the same contract whichever shell serves the page. The link
 * says whether the page still hears the core (always, under Electron).
 */
import type { GateApi } from '../../src/ipc/contract.js';
import { ALWAYS_LINKED, type BridgeLink } from './link.js';
import { captureWedgeKeys } from '../keyboard/wedge-capture.js';
import { connectWsGate } from './ws-gate.js';

export function gateApi(): { api: GateApi; link: BridgeLink } {
  if (window.gate !== undefined) return { api: window.gate, link: ALWAYS_LINKED };
  const { api, link } = connectWsGate(window.location);
  Object.defineProperty(window, 'gate', { value: Object.freeze(api), writable: false, configurable: false });
  // The page's keys go to the core's wedge detector; under Electron the shell feeds it from before-input-event instead.
  captureWedgeKeys(api);
  return { api, link };
}
