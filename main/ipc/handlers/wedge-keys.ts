import { ok } from '../../../src/result.js';
import type { LaneDevices } from '../../devices.js';
import { PageWedge } from '../../devices/page-wedge.js';
import type { Handler } from '../router.js';

export const channel = 'gate:wedge-keys';

/**
 * The page's keys go to the one reader configured to take them (`protocol: "wedge"`; the config allows one),
 * through the caller's own detector. With none configured every press is released as it came.
 */
export const wedgeKeys =
  (devices: ReadonlyMap<string, LaneDevices>): Handler<typeof channel> =>
  ({ events, now }, caller) => {
    const wedge = [...devices.values()].flatMap((d) => d.readers).find((r): r is PageWedge => r instanceof PageWedge);
    if (wedge === undefined) return ok({ wedge: false, released: events.filter((e) => e.type === 'down').map((e) => e.seq), taken: [], decideAfter: null });
    return ok({ wedge: true, ...wedge.feed(caller.connection, events, now) });
  };
