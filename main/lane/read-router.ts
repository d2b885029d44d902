/**
 * Turns one read of one identity reader into what it means for the session: text goes through the reader's own
 * ScanRouter (so MRZ lines from two readers never join into one zone), a whole MRZ zone, an ID card or a badge
 * becomes an identity, an unreadable presentation a notice. Never throws; keeps nothing of what was read: an ID
 * card's text goes no further than identifyIdCard.
 */
import type { Credential, IdentityDocument } from '../../src/domain.js';
import type { Failure, Result } from '../../src/result.js';
import { badgeCredential } from '../../src/identity/classify.js';
import { identifyIdCard } from '../../src/identity/id-card.js';
import { identifyMrz } from '../../src/identity/mrz-lines.js';
import type { ReaderRead } from '../../drivers/reader/reader.js';
import { ScanRouter, type RoutedScan, type ScanRouterDeps } from './scan-router.js';

/** A document's holder identified, with its validity for the identity rule's `expiredDocuments`. */
const identified = (c: Result<{ credential: Credential; document: IdentityDocument }, Failure>, at: number): RoutedScan =>
  c.ok ? { kind: 'input', input: { type: 'identity', at, credential: c.value.credential, document: c.value.document } } : { kind: 'rejected', code: c.error.code };

export class ReadRouter {
  readonly #scans: ScanRouter;

  constructor(private readonly deps: ScanRouterDeps) {
    this.#scans = new ScanRouter(deps);
  }

  /** Callers route one read at a time, in order. */
  route(read: ReaderRead): Promise<RoutedScan> {
    switch (read.kind) {
      case 'text':
        return this.#scans.route(read.text, read.at);
      case 'mrz':
        return Promise.resolve(identified(identifyMrz(read.lines.join('\n'), this.deps.keys()), read.at));
      case 'id-card':
        return Promise.resolve(identified(identifyIdCard(read.card, this.deps.keys()), read.at));
      case 'badge':
        return Promise.resolve({ kind: 'input', input: { type: 'identity', at: read.at, credential: badgeCredential(read.number, this.deps.keys()) } });
      case 'unreadable':
        return Promise.resolve({ kind: 'rejected', code: read.code });
    }
  }
}
