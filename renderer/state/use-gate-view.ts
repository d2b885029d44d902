/**
 * Subscribes the screen to the core's view snapshots and fetches the current one once. A lost link forgets
 * the snapshot: what the page knew is no longer true, and a restarted core counts its revisions from the
 * start again, so its first view must not be judged older than the dead core's last one. Until the new
 * core's view arrives the page shows nothing of the old one.
 */
import { useEffect, useState } from 'preact/hooks';
import type { GateApi } from '../../src/ipc/contract.js';
import type { GateView } from '../../src/ipc/view.js';
import type { BridgeLink } from '../bridge/link.js';
import { nextView } from './view.js';

export function useGateView(gate: GateApi, link: BridgeLink): GateView | null {
  const [view, setView] = useState<GateView | null>(null);
  useEffect(() => {
    // Whatever the shell delivers is parsed again here: a preload is a boundary too.
    const offer = (incoming: unknown): void => setView((current) => nextView(current, incoming));
    const off = gate.on('gate:view', offer);
    const offLink = link.onChange((state) => {
      if (state === 'lost') setView(null);
    });
    void gate.invoke('gate:get-view', {}).then((reply) => {
      if (reply.ok) offer(reply.value);
    });
    return () => {
      off();
      offLink();
    };
  }, [gate, link]);
  return view;
}
