/**
 * Verdicts expire on the page's own clock: each verdict (by decision id) stays up for the view's
 * `verdictDisplayMs` from when this page first showed it, and then its lane shows idle whether or not the core
 * has said anything since (a hung gate, a view lost on the way), so no verdict is left up for the next person.
 * The core normally moves the lane to idle itself, a little before the page would.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { GateView } from '../../src/ipc/view.js';

export interface ShownView {
  readonly view: GateView;
  /** When (on the clock `now` was read from) a verdict shown now is due to expire; undefined when none is up. */
  readonly nextExpiry: number | undefined;
}

export class VerdictExpiry {
  private readonly firstShown = new Map<string, number>();

  /** `view` as the page shows it at `now` (ms): expired verdicts replaced by idle. */
  apply(view: GateView, now: number): ShownView {
    const shown = new Map<string, number>();
    let nextExpiry: number | undefined;
    const lanes = view.lanes.map((lane) => {
      if (lane.screen.kind !== 'verdict') return lane;
      const id = lane.screen.decisionId;
      const since = this.firstShown.get(id) ?? now;
      shown.set(id, since);
      const expiry = since + view.verdictDisplayMs;
      if (now >= expiry) return { ...lane, screen: { kind: 'idle' as const } };
      nextExpiry = Math.min(nextExpiry ?? expiry, expiry);
      return lane;
    });
    // Only verdicts still in the view are remembered, so the map stays as small as the lanes.
    this.firstShown.clear();
    for (const [id, since] of shown) this.firstShown.set(id, since);
    const changed = lanes.some((lane, i) => lane !== view.lanes[i]);
    return { view: changed ? { ...view, lanes } : view, nextExpiry };
  }
}

/** The view with expired verdicts cleared, rendering again when the next one is due. */
export function useExpiringVerdicts(view: GateView | null): GateView | null {
  const expiry = useRef(new VerdictExpiry());
  const [, rerender] = useState(0);
  const shown = view === null ? undefined : expiry.current.apply(view, performance.now());
  const due = shown?.nextExpiry;
  useEffect(() => {
    if (due === undefined) return undefined;
    const timer = setTimeout(() => rerender((n) => n + 1), Math.max(0, due - performance.now()));
    return () => clearTimeout(timer);
  }, [due]);
  return shown?.view ?? null;
}
