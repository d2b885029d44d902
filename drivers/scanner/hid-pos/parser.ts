/**
 * HID POS input reports → scans (docs/devices/hid-pos.md §3). Never throws; memory bounded by MAX_SCAN_BYTES.
 * Every report pushed ends up in exactly one read, in exactly one discarded event, or is still pending (the
 * start of a scan whose last report has not come): `pendingReports()`.
 *
 * Reassembly: a report with the more-follows flag 1 opens (or continues) a scan, the next with flag 0 ends it;
 * the data bytes are concatenated and decoded as UTF-8, and the first report's AIM identifier is kept as the
 * read's `symbology`. A scan is given up (discarded with its reports) when
 * - a malformed report arrives inside it (`broken-scan`: a code with a hole in it must not be read),
 * - a report with another symbology arrives inside it (`broken-scan`; that report then starts anew),
 * - its next report is more than STALE_MS late (`incomplete-scan`: the scanner was unplugged or lost a report),
 * - it grows past MAX_SCAN_BYTES (`scan-too-long`; its remaining reports are discarded too, up to its last).
 */
import { concatBytes } from '../../bytes.js';
import type { Discarded } from '../../parsed-stream.js';
import type { ReadEvent } from '../../reader/parsed-reader.js';
import { decodeReport, type ReportDefect, type ReportLayout } from './codec.js';

/** Longer than any QR code (7089 numeric characters at version 40-L). */
export const MAX_SCAN_BYTES = 8192;
/** Reports of one scan follow each other within milliseconds (one USB poll interval each). */
export const STALE_MS = 1000;

export type HidPosDiscardReason = ReportDefect | 'broken-scan' | 'incomplete-scan' | 'scan-too-long' | 'bad-utf8' | 'empty';

/** A read, with the reports it took: how many, and their bytes. */
export interface HidPosRead extends ReadEvent {
  readonly reports: number;
  readonly reportBytes: number;
}

export type HidPosEvent = HidPosRead | Discarded<HidPosDiscardReason>;

interface Pending {
  readonly symbology: string | undefined;
  readonly raw: Uint8Array[];
  readonly data: Uint8Array[];
  length: number;
  lastAt: number;
}

const discarded = (raw: readonly Uint8Array[], reason: HidPosDiscardReason): Discarded<HidPosDiscardReason> => ({ type: 'discarded', bytes: concatBytes(raw), reason });

export class HidPosParser {
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  #pending: Pending | undefined;
  /** Inside a scan given up as too long: its reports are discarded up to its last. */
  #skipping = false;

  constructor(private readonly layout: ReportLayout = 'with-id') {}

  /** One input report, as the transport delivered it, at the driver's clock time `at`. */
  push(report: Uint8Array, at: number): HidPosEvent[] {
    const events = this.expire(at);
    const decoded = decodeReport(report, this.layout);
    if (!decoded.ok) {
      this.#skipping = false;
      const broken = this.#takePending('broken-scan');
      return [...events, ...broken, discarded([report], decoded.error)];
    }
    const r = decoded.value;
    if (this.#skipping) {
      this.#skipping = r.more;
      return [...events, discarded([report], 'scan-too-long')];
    }
    if (this.#pending !== undefined && this.#pending.symbology !== r.symbology) events.push(...this.#takePending('broken-scan'));
    const scan = (this.#pending ??= { symbology: r.symbology, raw: [], data: [], length: 0, lastAt: at });
    scan.raw.push(report.slice());
    scan.data.push(r.data);
    scan.length += r.data.length;
    scan.lastAt = at;
    if (scan.length > MAX_SCAN_BYTES) {
      this.#skipping = r.more;
      return [...events, ...this.#takePending('scan-too-long')];
    }
    if (r.more) return events;
    this.#pending = undefined;
    return [...events, this.#finish(scan)];
  }

  /** When the pending scan goes stale, or undefined when nothing is pending. */
  deadline(): number | undefined {
    return this.#pending === undefined ? undefined : this.#pending.lastAt + STALE_MS;
  }

  /** Gives up a pending scan that is stale at `now`. */
  expire(now: number): HidPosEvent[] {
    const deadline = this.deadline();
    return deadline !== undefined && now > deadline ? this.#takePending('incomplete-scan') : [];
  }

  /** Reports held for a scan not yet complete. */
  pendingReports(): number {
    return this.#pending?.raw.length ?? 0;
  }

  #takePending(reason: HidPosDiscardReason): HidPosEvent[] {
    const scan = this.#pending;
    this.#pending = undefined;
    return scan === undefined ? [] : [discarded(scan.raw, reason)];
  }

  #finish(scan: Pending): HidPosEvent {
    const data = concatBytes(scan.data);
    if (data.length === 0) return discarded(scan.raw, 'empty');
    let text: string;
    try {
      text = this.#decoder.decode(data);
    } catch {
      // TextDecoder with fatal: true throws a TypeError on invalid UTF-8: an expected outcome here.
      return discarded(scan.raw, 'bad-utf8');
    }
    const read = scan.symbology === undefined ? { kind: 'text' as const, text } : { kind: 'text' as const, text, symbology: scan.symbology };
    return { type: 'read', read, reports: scan.raw.length, reportBytes: scan.raw.reduce((n, r) => n + r.length, 0) };
  }
}

/** Report bytes an event accounts for (a read's reports, a discarded run's bytes). */
export const reportBytesOf = (e: HidPosEvent): number => (e.type === 'read' ? e.reportBytes : e.bytes.length);
