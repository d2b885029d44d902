/**
 * Turns the text of one scan into a credential, or says clearly why it is not one. Never throws.
 * The full ID number never leaves this function: only its masked form and a keyed hash (`ref`).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Credential, RefKey } from '../domain.js';
import { err, failure, ok, type Failure, type Result } from '../result.js';
import { maskResidentId, normaliseResidentId } from './resident-id.js';

export type ScanFailureCode = 'scan.empty' | 'scan.too-long' | 'scan.control-chars' | 'scan.bad-check-digit' | 'scan.unrecognised';

/** Longest scan text looked at; real codes here are < 1 KiB (a QR with ~250 chars is already long). */
export const MAX_SCAN_CHARS = 4096;

export interface ScanKeys {
  /** Key for `ref`, so lists can be matched without holding ID numbers. Held by main, never logged. */
  readonly hmacKey: Uint8Array;
  /** Whose key `hmacKey` is: the district's, or this install's own while no district key was imported. */
  readonly refKey: RefKey;
}

/**
 * A person's `ref`: hex(HMAC-SHA-256(key, "<kind>:<value>")), e.g. "resident-id:11010519491231002X".
 * With the district key this is the form lists arrive in, so the gate matches without holding numbers.
 */
export const keyedRef = (key: Uint8Array, kind: string, value: string): string => bytesToHex(hmac(sha256, key, utf8ToBytes(`${kind}:${value}`)));

/**
 * A credential whose ref is `keyedRef(keys.hmacKey, namespace, value)`. The namespace is the credential's
 * kind, except that a guard's registration by ID number is keyed like the ID card (`resident-id`).
 */
export const keyedCredential = (keys: ScanKeys, kind: Credential['kind'], masked: string, namespace: string, value: string): Credential => ({
  kind,
  masked,
  ref: keyedRef(keys.hmacKey, namespace, value),
  refKey: keys.refKey,
});

/**
 * A staff badge's number as a credential, whichever reader produced it: typed by a wedge reader (10 digits,
 * below) or read by a serial badge reader (`{kind: 'badge', number}`: badge-uid or wiegand, in the form the
 * site configured). The ref keys the number exactly as given, so a badge register must be made in the same
 * form (docs/devices/badge-uid.md §4, docs/devices/wiegand.md §3).
 */
export const badgeCredential = (number: string, keys: ScanKeys): Credential => keyedCredential(keys, 'staff-badge', `badge …${number.slice(-4)}`, 'staff-badge', number);

export function classifyScan(text: string, keys: ScanKeys): Result<Credential, Failure<ScanFailureCode>> {
  if (text.length > MAX_SCAN_CHARS) return err(failure('scan.too-long', `scan of ${text.length} characters exceeds ${MAX_SCAN_CHARS}`));
  const t = text.trim();
  if (t === '') return err(failure('scan.empty', 'empty scan'));
  if (/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(t)) {
    return err(failure('scan.control-chars', 'scan contains control or bidi characters'));
  }
  if (/^[0-9]{17}[0-9Xx]$/.test(t)) {
    const id = normaliseResidentId(t);
    if (id === undefined) return err(failure('scan.bad-check-digit', 'an 18-character ID number whose check digit or birth date is wrong'));
    return ok(keyedCredential(keys, 'resident-id', maskResidentId(id), 'resident-id', id));
  }
  // RFID wedge readers type a badge UID as 10 decimal digits (docs/devices.md §2.2).
  if (/^[0-9]{10}$/.test(t)) return ok(badgeCredential(t, keys));
  return err(failure('scan.unrecognised', 'unrecognised code'));
}
