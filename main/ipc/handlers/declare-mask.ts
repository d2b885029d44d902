import { err, failure, ok } from '../../../src/result.js';
import type { Lane } from '../../lane/lane.js';
import type { Handler } from '../router.js';

export const channel = 'gate:declare-mask';

export const declareMask =
  (lanes: ReadonlyMap<string, Lane>): Handler<typeof channel> =>
  ({ lane }) => {
    const target = lanes.get(lane);
    if (target === undefined) return err(failure('ipc.unknown-lane', `no lane "${lane}"`));
    const declared = target.declareMask();
    return declared.ok ? ok({ accepted: true }) : declared;
  };
