import type { GateView } from '../../../src/ipc/view.js';
import { ok } from '../../../src/result.js';
import type { Handler } from '../router.js';

export const channel = 'gate:get-view';

export const getView =
  (view: () => GateView): Handler<typeof channel> =>
  () =>
    ok(view());
