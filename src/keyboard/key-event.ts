/**
 * One key event as every shell gives it to the wedge detector: the page's KeyboardEvent in the headless host
 * (`code`, `key`, `shiftKey`…, `timeStamp`), Electron's `before-input-event` input (`code`, `key`, `shift`…,
 * `isAutoRepeat`) in the kiosk shell. Times are milliseconds on one monotonic clock of the sender's choosing.
 */
import { z } from 'zod';

export const keyEvent = z
  .strictObject({
    code: z.string().max(32).describe('The physical key (KeyboardEvent.code, e.g. `Digit1`, `KeyA`, `Enter`): what the detector decodes, through a US layout.'),
    key: z.string().max(32).describe('What the host’s layout typed (KeyboardEvent.key): what a person’s typing is released as; never decoded.'),
    type: z.enum(['down', 'up']).describe('Press or release.'),
    shift: z.boolean().describe('Shift held.'),
    ctrl: z.boolean().default(false).describe('Ctrl held.'),
    alt: z.boolean().default(false).describe('Alt held.'),
    meta: z.boolean().default(false).describe('Meta (Windows, Command) held.'),
    repeat: z.boolean().default(false).describe('The key is held and the system repeats it.'),
    composing: z.boolean().default(false).describe('An input method (a pinyin IME) is composing: the key is the IME’s.'),
    t: z.number().finite().describe('When it happened, ms, on the sender’s monotonic clock.'),
  })
  .describe('One key event.');
export type KeyEvent = z.output<typeof keyEvent>;
