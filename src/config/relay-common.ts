/** The fields every relay board's config has, whatever its protocol: which channel opens the gate, for how long, and every channel's safe state. */
import { z } from 'zod';
import { quantity } from '../schema-meta.js';

/** A relay channel's state: `off` released, `on` energised. */
export const RELAY_STATES = ['off', 'on'] as const;

export const relayChannels = {
  channel: quantity(z.int().min(1).max(8), undefined, 'Which relay on the board opens the gate.').default(1),
  pulseMs: quantity(z.int().min(100).max(5000), 'ms', 'How long the gate channel leaves its safe state (closes, with the default `off`) to open the gate; turnstile manuals ask for at least about 100 ms, controllers default to 200 ms.').default(200),
  safeState: z
    .array(z.enum(RELAY_STATES))
    .min(1)
    .max(8)
    .default(['off'])
    .describe(
      'The state every channel of the board is driven to the moment its link opens (at start and at every reopen, before any scan is taken) and on every exit the gate controls, channel 1 first: `off` = released (coil not energised), `on` = energised. List every channel of the board; channels up to `channel` that are not listed are `off`. A pulse leaves the gate channel’s safe state for `pulseMs` and returns to it. What each choice means for the lock’s wiring: docs/relay-safety.md.',
    ),
};
