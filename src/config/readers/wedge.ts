import { z } from 'zod';
import { quantity } from '../../schema-meta.js';
import { WEDGE_DEFAULTS } from '../../keyboard/settings.js';

/** Where a wedge's key events come from: the kiosk page's keyboard (the headless host; the Electron shell's window). */
export const pageKeyboard = z.strictObject({ kind: z.literal('page').describe('The page keyboard (the only device a wedge has).') }).describe('The keyboard of the kiosk page: whatever types into the screen the gate shows, a wedge scanner included.');

export type PageKeyboard = z.infer<typeof pageKeyboard>;

export const wedgeReaderConfig = z
  .strictObject({
    kind: z.literal('scanner').describe('A QR/barcode scanner or badge reader that types what it reads as a USB keyboard.'),
    protocol: z.literal('wedge').describe('A keyboard-wedge scanner: its bursts of keys are told from a person typing by their timing (docs/devices/wedge.md).'),
    device: pageKeyboard,
    minLength: quantity(z.int().min(2).max(256), undefined, 'Characters a scan has at least, its suffix key not counted (onScan.js uses 6).').default(WEDGE_DEFAULTS.minLength),
    maxIntervalMs: quantity(z.int().min(20).max(1000), 'ms', 'A longer gap between two key presses ends a burst: above the slowest scanner’s peaks (Zebra: 100 ms). Also how long a person’s key waits before it reaches the screen.').default(
      WEDGE_DEFAULTS.maxIntervalMs,
    ),
    fastMeanMs: quantity(z.int().min(1).max(100), 'ms', 'A burst whose mean key-to-key interval is at most this is a scan without a suffix key; no person keeps it up.').default(WEDGE_DEFAULTS.fastMeanMs),
    maxJitter: quantity(z.number().min(0).max(1), undefined, 'A slower burst is a scan only when it ends with a suffix key and the coefficient of variation of its intervals is at most this (a scanner’s clock is steady, fingers are not).').default(
      WEDGE_DEFAULTS.maxJitter,
    ),
    suffixKeys: z
      .array(z.enum(['Enter', 'NumpadEnter', 'Tab']))
      .min(1)
      .max(3)
      .default([...WEDGE_DEFAULTS.suffixKeys] as ('Enter' | 'NumpadEnter' | 'Tab')[])
      .describe('The keys the scanner sends after each code (its “suffix”); they end a scan and are not part of it.'),
    maxLength: quantity(z.int().min(16).max(65_536), undefined, 'A burst this long is decided at once (a QR code holds at most 7089 digits).').default(WEDGE_DEFAULTS.maxLength),
  })
  .describe('A keyboard-wedge scanner typing into the kiosk page.');
export type WedgeReaderConfig = z.infer<typeof wedgeReaderConfig>;
