import { ok } from '../../../src/result.js';
import type { GuardAuth } from '../../auth/guards.js';
import type { Handler } from '../router.js';

export const channel = 'gate:list-guards';

export const listGuards =
  (guards: GuardAuth): Handler<typeof channel> =>
  () =>
    ok({ guards: guards.list() });
