/**
 * One key event as every shell gives it to the wedge detector: the page's KeyboardEvent in the headless host
 * (`code`, `key`, `shiftKey`…, `timeStamp`), Electron's `before-input-event` input (`code`, `key`, `shift`…,
 * `isAutoRepeat`) in the kiosk shell. Times are milliseconds on one monotonic clock of the sender's choosing.
 */
import { z } from 'zod';

export const keyEvent = z.strictObject({
  /** Physical key (KeyboardEvent.code, e.g. `Digit1`, `KeyA`, `Enter`): what the detector decodes. */
  code: z.string().max(32),
  /** What the host's layout typed (KeyboardEvent.key): kept for the typing released to the UI, never decoded. */
  key: z.string().max(32),
  type: z.enum(['down', 'up']),
  shift: z.boolean(),
  ctrl: z.boolean().default(false),
  alt: z.boolean().default(false),
  meta: z.boolean().default(false),
  /** The key is held and the OS repeats it. */
  repeat: z.boolean().default(false),
  /** An input method (a pinyin IME) is composing: the key is the IME's, not ours. */
  composing: z.boolean().default(false),
  /** When the event happened, ms. */
  t: z.number().finite(),
});
export type KeyEvent = z.output<typeof keyEvent>;
