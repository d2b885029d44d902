/**
 * What the gate needs from an identity reader of any kind (line scanner, resident ID card reader, MRZ reader,
 * badge reader), and from its simulator. Every reader driver (drivers/<kind>/<protocol>/driver.ts)
 * implements `ReaderDriver`; the lane takes a list of them and every one feeds the same session.
 */
import type { DeviceCounters } from '../../src/devices/status.js';
import type { Failure, Result } from '../../src/result.js';
import type { DiscardedBytesAt } from '../parsed-stream.js';

/**
 * The text block of a resident ID card (docs/devices/sam.md), as read. It identifies a person completely:
 * it never leaves the code that turns it into a credential (masked number and ref), is never logged and
 * never stored. Dates are `YYYYMMDD`; `validTo` may be `长期` (long-term).
 */
export interface IdCardText {
  readonly cardType: 'resident' | 'foreign-permanent' | 'hmt-permit';
  readonly name: string;
  readonly sex: string;
  readonly nation: string;
  readonly birth: string;
  readonly address: string;
  readonly idNumber: string;
  readonly authority: string;
  readonly validFrom: string;
  readonly validTo: string;
}

/** One read, stamped with the driver's clock when the chunk that completed it arrived. */
export type ReaderRead =
  /** A code as scanned (QR, barcode, a typed ID number): the lane's scan router decides what it is. */
  | { readonly kind: 'text'; readonly text: string; readonly at: number; readonly symbology?: string }
  /** A whole machine-readable zone (2 or 3 lines, check digits not yet verified). */
  | { readonly kind: 'mrz'; readonly lines: readonly string[]; readonly at: number }
  /** A resident ID card's text block. The photo is never passed on. */
  | { readonly kind: 'id-card'; readonly card: IdCardText; readonly at: number }
  /** A badge's number as printed on the fob (e.g. `123,45678` for Wiegand 26, or the UID in the configured form). */
  | { readonly kind: 'badge'; readonly number: string; readonly at: number }
  /** The device said it could not read what was presented (a card it could not authenticate…): shown, counted. */
  | { readonly kind: 'unreadable'; readonly code: string; readonly at: number };

export type ReaderDiscarded = DiscardedBytesAt<string>;

export interface ReaderDriver {
  /** Puts the device in the mode the gate uses and starts any polling it needs; run after every open. */
  init(): Promise<Result<void, Failure>>;
  onRead(listener: (read: ReaderRead) => void): () => void;
  onBadFrame(listener: (bad: ReaderDiscarded) => void): () => void;
  /** Tells the person their read was taken (beep, LED) where the device's command set has a way; else resolves ok. */
  acknowledge(): Promise<Result<void, Failure>>;
  counters(): DeviceCounters;
  /** Stops polling and listening, and closes the transport. */
  close(): Promise<void>;
}

/** A made-up person a reader simulator can present, whatever it reads. */
export interface SimPerson {
  readonly idNumber: string;
  readonly name: string;
  /** `YYYYMMDD`; `长期` for a long-term card. */
  readonly validTo: string;
  /** A badge number as printed, when the person has a badge. */
  readonly badge?: string;
  /** A machine-readable zone's lines, when the person has a travel document. */
  readonly mrz?: readonly string[];
}

/** A reader simulator as the demo and the tests drive it, whatever its protocol. */
export interface ReaderSimulator {
  /** Presents what this kind of reader reads of `person` (the ID number as a scan, the card, the zone, the badge). */
  present(person: SimPerson): Promise<void>;
  /** Writes bytes as they are, after anything in progress. */
  injectRaw(bytes: Uint8Array): Promise<void>;
  /** After each read's last byte is written; `at` is the monotonic clock just before it went to the OS. */
  onReadWritten(listener: (bytes: Uint8Array, at: number) => void): () => void;
  close(): Promise<void>;
}
