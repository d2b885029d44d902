/**
 * Turns the text of one scan into what it means for the session: a person identified, a code to bind to
 * a person, a refused code (which still fails its rule), or a notice that the scan was unusable. Owns the
 * MRZ assembly (a zone arrives as two or three lines). Never throws; never keeps or logs the text.
 */
import type { CredentialEvidence } from '../../src/credentials/token.js';
import { looksLikeCompactJws } from '../../src/credentials/token.js';
import type { RefusedCode } from '../../src/domain.js';
import { classifyScan, type ScanKeys } from '../../src/identity/classify.js';
import { NO_MRZ_LINES, addMrzLine, identifyMrz, isMrzLine } from '../../src/identity/mrz-lines.js';
import type { SessionInput } from '../../src/session/types.js';
import type { CredentialVerifier } from './ports.js';

export type RoutedScan =
  | { readonly kind: 'input'; readonly input: SessionInput }
  /** A signed code of a known type that the gate refused: the session's rule for it fails with `code`. */
  | { readonly kind: 'refused'; readonly input: SessionInput; readonly code: string }
  /** Unusable, and decides nothing: shown and counted by `code`. */
  | { readonly kind: 'rejected'; readonly code: string }
  /** One line of an MRZ; the rest of the zone is still to come. */
  | { readonly kind: 'partial' };

export interface ScanRouterDeps {
  /** The keys behind refs, read at each scan (a district key imported meanwhile applies at once). */
  readonly keys: () => ScanKeys;
  readonly credentials: CredentialVerifier;
}

/** The session input a verified signed code becomes. */
function inputOfCode(v: CredentialEvidence, at: number): SessionInput {
  switch (v.typ) {
    case 'gate-pass+jwt':
      return { type: 'identity', at, credential: v.credential };
    case 'gate-hc+jwt':
      return { type: 'health-code', at, code: v.healthCode, holder: v.credential };
    case 'gate-travel+jwt':
      return { type: 'travel', at, travel: v.travel };
  }
}

/** The session input a refused signed code of type `typ` becomes: it fails the rule for that type. */
function inputOfRefusal(typ: CredentialEvidence['typ'], refused: RefusedCode, at: number): SessionInput {
  switch (typ) {
    case 'gate-pass+jwt':
      return { type: 'refused-pass', at, refused };
    case 'gate-hc+jwt':
      return { type: 'health-code', at, code: refused };
    case 'gate-travel+jwt':
      return { type: 'travel', at, travel: refused };
  }
}

export class ScanRouter {
  private mrzLines = NO_MRZ_LINES;

  constructor(private readonly deps: ScanRouterDeps) {}

  /** `at` is the lane's monotonic clock; callers route one scan at a time, in order. */
  async route(raw: string, at: number): Promise<RoutedScan> {
    const text = raw.trim();
    if (looksLikeCompactJws(text)) {
      const v = await this.deps.credentials.verify(text);
      if (v.ok) return { kind: 'input', input: inputOfCode(v.value, at) };
      const { code, typ } = v.error;
      return typ === undefined ? { kind: 'rejected', code } : { kind: 'refused', code, input: inputOfRefusal(typ, { status: 'refused', refusal: code }, at) };
    }
    if (isMrzLine(text)) {
      const added = addMrzLine(this.mrzLines, text, at);
      this.mrzLines = added.state;
      if (added.zone === undefined) return { kind: 'partial' };
      const c = identifyMrz(added.zone, this.deps.keys());
      return c.ok ? { kind: 'input', input: { type: 'identity', at, credential: c.value.credential, document: c.value.document } } : { kind: 'rejected', code: c.error.code };
    }
    const c = classifyScan(text, this.deps.keys());
    return c.ok ? { kind: 'input', input: { type: 'identity', at, credential: c.value } } : { kind: 'rejected', code: c.error.code };
  }
}
