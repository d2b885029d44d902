/**
 * Turns the text of one scan into a credential, or says clearly why it is not one. Never throws.
 * The full ID number never leaves this function: only its masked form and a keyed hash (`ref`).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Credential } from '../domain.js';
import { err, failure, ok, type Failure, type Result } from '../result.js';
import { maskResidentId, normaliseResidentId } from './resident-id.js';

export type ScanFailureCode = 'scan.empty' | 'scan.too-long' | 'scan.control-chars' | 'scan.bad-check-digit' | 'scan.unrecognised';

/** Longest scan text looked at; real codes here are < 1 KiB (a QR with ~250 chars is already long). */
export const MAX_SCAN_CHARS = 4096;

export interface ScanKeys {
  /** Key for `ref`, so lists can be matched without holding ID numbers. Held by main, never logged. */
  readonly hmacKey: Uint8Array;
}

/**
 * A person's `ref`: hex(HMAC-SHA-256(key, "<kind>:<value>")), e.g. "resident-id:11010519491231002X".
 * With the district key this is the form lists arrive in, so the gate matches without holding numbers.
 */
export const keyedRef = (key: Uint8Array, kind: string, value: string): string => bytesToHex(hmac(sha256, key, utf8ToBytes(`${kind}:${value}`)));

const refOf = (keys: ScanKeys, kind: string, value: string): string => keyedRef(keys.hmacKey, kind, value);

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
    return ok({ kind: 'resident-id', masked: maskResidentId(id), ref: refOf(keys, 'resident-id', id) });
  }
  // RFID wedge readers type a badge UID as 10 decimal digits (device-protocols.md §2.2).
  if (/^[0-9]{10}$/.test(t)) return ok({ kind: 'staff-badge', masked: `badge …${t.slice(-4)}`, ref: refOf(keys, 'staff-badge', t) });
  return err(failure('scan.unrecognised', 'unrecognised code'));
}
