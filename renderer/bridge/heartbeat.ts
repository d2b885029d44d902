/**
 * The page's side of the bridge heartbeat (src/ipc/wire.ts): the gate beats every 500 ms, the page answers
 * each beat (ws-gate.ts), and takes BRIDGE_SILENCE_MS without any frame — a gate killed, stopped (SIGSTOP) or hung — as a
 * lost bridge, well inside the 2 s in which the screen must say so. A socket that has not opened within
 * CONNECT_TIMEOUT_MS (a stopped gate still completes TCP handshakes) is given up the same way.
 */
import { BRIDGE_SILENCE_MS } from '../../src/ipc/wire.js';

export const CONNECT_TIMEOUT_MS = 3000;

export interface SilenceWatch {
  /** A frame came: the silence starts again. */
  heard(): void;
  /** The socket opened: a first beat is due within BRIDGE_SILENCE_MS. */
  opened(): void;
  stop(): void;
}

/** Calls `onSilent` once, when neither heard() nor opened() came in time. */
export function watchSilence(onSilent: () => void): SilenceWatch {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number): void => {
    clearTimeout(timer);
    timer = setTimeout(onSilent, ms);
  };
  arm(CONNECT_TIMEOUT_MS);
  return {
    heard: () => arm(BRIDGE_SILENCE_MS),
    opened: () => arm(BRIDGE_SILENCE_MS),
    stop: () => clearTimeout(timer),
  };
}
