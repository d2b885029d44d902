import type { JSX } from 'preact';
import { Bi } from '../components/bi.js';
import { Icon } from '../components/icons.js';
import type { Bilingual } from '../i18n/strings.js';

/** A whole-screen notice: a fault, no connection yet, an unknown lane. `detail` is small print for the guard. */
export function Message({ testid, text, detail }: { testid: string; text: Bilingual; detail?: Bilingual }): JSX.Element {
  return (
    <main class="screen message" data-testid={testid} role="alert">
      <Icon name="alert" ring />
      <Bi text={text} size="huge" />
      {detail !== undefined && (
        <p class="detail" data-testid="detail">
          <Bi text={detail} size="body" />
        </p>
      )}
    </main>
  );
}
