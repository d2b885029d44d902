import type { JSX } from 'preact';
import type { StorageView } from '../../src/ipc/view.js';
import { phrases } from '../i18n/phrases.js';
import { strings } from '../i18n/strings.js';
import { Bi } from './bi.js';
import { Icon } from './icons.js';

/** Free space is below the configured minimum: warn before the disk is full and the gate must stop. */
export function StorageBanner({ storage }: { storage: StorageView }): JSX.Element | null {
  if (!storage.alarm) return null;
  return (
    <section class="clock-warning storage-warning" role="status" data-testid="storage-warning" data-free-mb={storage.freeMB ?? ''}>
      <Icon name="alert" />
      <div class="clock-words">
        <Bi text={strings.storageLow} size="body" />
        {storage.freeMB !== null && <small class="clock-reason">{phrases.freeSpace(storage.freeMB, storage.minFreeMB)}</small>}
      </div>
    </section>
  );
}
