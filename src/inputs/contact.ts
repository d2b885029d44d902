/** What a wired input's contact means: pure, for the gate's inputs (docs/inputs.md). */

export const CONTACTS = ['normally-closed', 'normally-open'] as const;
export type Contact = (typeof CONTACTS)[number];

/** The line as the wire sees it (drivers/inputs/input-line.ts). */
export type ContactState = 'closed' | 'open' | 'lost';

/** Whether the input is signalling: a normally-closed contact that opened, a normally-open one that closed. `lost` is neither: it is unknown. */
export const signalling = (state: ContactState, contact: Contact): boolean => (contact === 'normally-closed' ? state === 'open' : state === 'closed');

/**
 * Whether an alarm input is in alarm: signalling, or `lost` — a link that cannot be read could be hiding the
 * signal, so for a fire loop, a door contact or a tamper switch it counts as one.
 */
export const alarming = (state: ContactState, contact: Contact): boolean => state === 'lost' || signalling(state, contact);
