/**
 * Scored matching of a port's facts against the fingerprint table (fingerprints.ts). Pure: the scan that
 * gathers the facts is drivers/discovery.ts.
 *
 * Each row that matches gives each protocol it suggests `WEIGHTS[kind] / (number of protocols it suggests)`,
 * rounded: the stronger the evidence the higher, and evidence that could mean several devices (a CH340 is a
 * relay board, a scanner cable or a thermometer adapter) is shared among them. A protocol suggested by
 * several rows keeps its best score and the row that gave it; suggestions come best first, ties in the order
 * the rows list them (likeliest first), so an exact vendor:product id beats a name pattern for the same protocol.
 */
import type { DeviceRole } from './status.js';
import { FINGERPRINTS, PROTOCOL_ROLE, type Fingerprint, type FingerprintMatch, type SuggestedProtocol } from './fingerprints.js';

/** What a scan knows about one port; anything it could not read is absent. */
export interface PortFacts {
  /** 4 hex digits (any case). */
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
  /** The names (not paths) of the `/dev/serial/by-id/` links that point at the port. */
  readonly byIdNames?: readonly string[] | undefined;
  /** The kernel driver bound to it, e.g. `ch341-uart`, `ftdi_sio`, `cdc_acm`. */
  readonly driver?: string | undefined;
  /** USB string descriptors. */
  readonly manufacturer?: string | undefined;
  readonly product?: string | undefined;
}

/** Score 1…100 per kind of evidence, before it is shared among a row's protocols. */
export const WEIGHTS: Readonly<Record<FingerprintMatch['kind'], number>> = {
  'usb-id': 90,
  'usb-vendor': 70,
  'by-id': 60,
  'usb-strings': 50,
  driver: 30,
};

export interface Suggestion {
  readonly protocol: SuggestedProtocol;
  readonly role: DeviceRole;
  /** 1…100; higher is likelier. Comparable across ports. */
  readonly score: number;
  /** The id of the row that gave the score. */
  readonly fingerprint: string;
  readonly why: string;
}

export interface NotSerial {
  readonly fingerprint: string;
  readonly label: string;
  readonly why: string;
}

export interface FingerprintResult {
  /** Every row that matched, strongest evidence first. */
  readonly matched: readonly { readonly id: string; readonly label: string; readonly evidence: string }[];
  readonly suggestions: readonly Suggestion[];
  /** The first matching row that says the device is not a serial port. */
  readonly notSerial?: NotSerial;
}

const lower = (text: string | undefined): string | undefined => text?.trim().toLowerCase();

/** Words naming the evidence a row matched, e.g. `USB id 1a86:7523`; undefined when it does not match. */
function evidenceFor(match: FingerprintMatch, facts: PortFacts): string | undefined {
  const vendorId = lower(facts.vendorId);
  switch (match.kind) {
    case 'usb-id':
      return vendorId === match.vendorId && lower(facts.productId) === match.productId ? `USB id ${match.vendorId}:${match.productId}` : undefined;
    case 'usb-vendor':
      return vendorId === match.vendorId ? `USB vendor ${match.vendorId}` : undefined;
    case 'by-id': {
      const name = facts.byIdNames?.find((n) => match.pattern.test(n));
      return name === undefined ? undefined : `by-id name ${name}`;
    }
    case 'usb-strings': {
      const strings = [facts.manufacturer, facts.product].filter((s) => s !== undefined && s !== '').join(' ');
      return strings !== '' && match.pattern.test(strings) ? `USB strings "${strings}"` : undefined;
    }
    case 'driver':
      return facts.driver === match.driver ? `driver ${match.driver}` : undefined;
  }
}

export function matchFingerprints(facts: PortFacts, table: readonly Fingerprint[] = FINGERPRINTS): FingerprintResult {
  const hits = table
    .flatMap((row) => {
      const evidence = evidenceFor(row.match, facts);
      return evidence === undefined ? [] : [{ row, evidence }];
    })
    .sort((a, b) => WEIGHTS[b.row.match.kind] - WEIGHTS[a.row.match.kind]);
  const best = new Map<SuggestedProtocol, Suggestion>();
  for (const { row } of hits) {
    const score = Math.max(1, Math.round(WEIGHTS[row.match.kind] / Math.max(1, row.suggests.length)));
    for (const hint of row.suggests) {
      if ((best.get(hint.protocol)?.score ?? 0) >= score) continue;
      best.set(hint.protocol, { protocol: hint.protocol, role: PROTOCOL_ROLE[hint.protocol], score, fingerprint: row.id, why: hint.why });
    }
  }
  // Stable: equal scores keep the order the strongest rows listed them in.
  const suggestions = [...best.values()].sort((a, b) => b.score - a.score);
  const notSerialRow = hits.find(({ row }) => row.notSerial !== undefined)?.row;
  return {
    matched: hits.map(({ row, evidence }) => ({ id: row.id, label: row.label, evidence })),
    suggestions,
    ...(notSerialRow?.notSerial === undefined ? {} : { notSerial: { fingerprint: notSerialRow.id, label: notSerialRow.label, why: notSerialRow.notSerial } }),
  };
}
