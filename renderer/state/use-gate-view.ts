/** Subscribes the screen to the core's view snapshots and fetches the current one once. */
import { useEffect, useState } from 'preact/hooks';
import type { GateApi } from '../../src/ipc/contract.js';
import type { GateView } from '../../src/ipc/view.js';
import { nextView } from './view.js';

export function useGateView(gate: GateApi): GateView | null {
  const [view, setView] = useState<GateView | null>(null);
  useEffect(() => {
    // Whatever the shell delivers is parsed again here: a preload is a boundary too.
    const offer = (incoming: unknown): void => setView((current) => nextView(current, incoming));
    const off = gate.on('gate:view', offer);
    void gate.invoke('gate:get-view', {}).then((reply) => {
      if (reply.ok) offer(reply.value);
    });
    return off;
  }, [gate]);
  return view;
}
