/** The snapshot on screen: the last good view, never replaced by a malformed one or an older revision. */
import { gateView, type GateView, type LaneView } from '../../src/ipc/view.js';

/** The view to show after `incoming` arrives: it, if it parses and is not older than `current`; else `current`. */
export function nextView(current: GateView | null, incoming: unknown): GateView | null {
  const parsed = gateView.safeParse(incoming);
  if (!parsed.success) return current;
  return current !== null && parsed.data.revision < current.revision ? current : parsed.data;
}

/** The lane this screen shows: `?lane=<id>` when given, else the first. */
export function pickLane(view: GateView, search: string): LaneView | undefined {
  const wanted = new URLSearchParams(search).get('lane');
  return wanted === null ? view.lanes[0] : view.lanes.find((l) => l.id === wanted);
}

/** The devices of the lane this screen is for (`?lane=<id>`, else the first lane that has devices). */
export function laneDevices(view: GateView, search: string): GateView['devices'] {
  const lane = new URLSearchParams(search).get('lane') ?? view.lanes[0]?.id ?? view.devices[0]?.lane;
  return view.devices.filter((d) => d.lane === lane);
}
