/**
 * A made-up badge number in the form the lane's badge reader is configured to report (a Wiegand reader prints
 * `facility,card`, a UID reader its UID in decimal or hex…), so the reader's simulator can present it and the
 * driver reads back the same text. The one place the demo knows a protocol: a badge's printed form is config.
 */
import type { ReaderConfig } from '../../src/config/readers.js';
import { badgeNumber } from '../../drivers/reader/badge-uid/codec.js';
import { wiegandNumber } from '../../drivers/reader/wiegand/codec.js';

/** `n` (0 … 2^24 − 1: a 26-bit Wiegand card's facility and number) as the reader of `config` reports a badge. */
export function badgeOf(n: number, config: ReaderConfig): string {
  const facility = Math.floor(n / 65536) % 256;
  const card = n % 65536;
  switch (config.protocol) {
    case 'wiegand':
      return wiegandNumber({ bits: 26, facility, card }, config.number);
    case 'badge-uid': {
      // A UID as the reader sends it: a version byte, then the number in the last data bytes.
      const uid = new Uint8Array(config.uidBytes);
      uid[uid.length - 3] = facility;
      uid[uid.length - 2] = card >> 8;
      uid[uid.length - 1] = card & 0xff;
      uid[0] = 0x01;
      return badgeNumber(uid, config);
    }
    default:
      // A wedge reader types an EM4100 badge as 10 decimal digits (docs/devices.md §2.2).
      return String(n).padStart(10, '0');
  }
}
