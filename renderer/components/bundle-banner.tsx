import type { JSX } from 'preact';
import type { BundleView } from '../../src/ipc/view.js';
import { phrases } from '../i18n/phrases.js';
import { Bi } from './bi.js';
import { Icon } from './icons.js';

/** Bundle kinds past the policy's maximum age: say which, how old, and what the checks that use them do, before anyone scans. */
export function BundleBanner({ bundles }: { bundles: readonly BundleView[] }): JSX.Element | null {
  const stale = bundles.filter((b) => b.stale && b.onStale !== null);
  if (stale.length === 0) return null;
  return (
    <section class="clock-warning bundle-warning" role="status" data-testid="bundle-warning" data-kinds={stale.map((b) => b.kind).join(' ')}>
      <Icon name="alert" />
      <div class="clock-words">
        {stale.map((b) => (
          <Bi key={b.kind} text={phrases.bundleStale(b.kind, b.ageMs, b.onStale ?? 'refer')} size="body" />
        ))}
      </div>
    </section>
  );
}
