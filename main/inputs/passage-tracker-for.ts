import type { LaneConfig } from '../../src/config/schema.js';
import type { LaneInputConfig } from '../../src/config/inputs.js';
import { monotonicNow } from '../../drivers/monotonic.js';
import type { Log } from '../log.js';
import type { LaneInput } from './open-inputs.js';
import { PassageTracker, type PassageJournal } from './passages.js';

type PassageInput = LaneInput & { readonly config: Extract<LaneInputConfig, { kind: 'passage' }> };
const isPassage = (i: LaneInput): i is PassageInput => i.config.kind === 'passage';

/** The lane's passage tracker, where config gives the lane a passage input (at most one: the schema says so). */
export function passageTrackerFor(
  lane: LaneConfig,
  inputs: readonly LaneInput[],
  deps: { readonly journal: PassageJournal; readonly wallNow: () => number; readonly log: Log },
): PassageTracker | undefined {
  const input = inputs.find(isPassage);
  return input === undefined ? undefined : new PassageTracker({ lane: lane.id, direction: lane.direction, input, monotonic: monotonicNow, ...deps });
}
