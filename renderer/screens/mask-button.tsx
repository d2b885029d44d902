import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { GateApi } from '../../src/ipc/contract.js';
import { Bi } from '../components/bi.js';
import { Icon } from '../components/icons.js';
import { strings } from '../i18n/strings.js';

/** The person's own mask declaration: one very large target; the core moves the screen on when it accepts. */
export function MaskButton({ gate, lane }: { gate: GateApi; lane: string }): JSX.Element {
  const [state, setState] = useState<'ready' | 'sending' | 'failed'>('ready');
  const declare = async (): Promise<void> => {
    setState('sending');
    const reply = await gate.invoke('gate:declare-mask', { lane });
    setState(reply.ok && reply.value.accepted ? 'ready' : 'failed');
  };
  return (
    <div class="mask-declare">
      <button type="button" class="mask-button" data-testid="declare-mask" disabled={state === 'sending'} onClick={() => void declare()}>
        <Icon name="mask" />
        <Bi text={strings.declareMask} size="huge" />
      </button>
      {state === 'failed' && (
        <p class="declare-failed" role="alert" data-testid="declare-failed">
          <Bi text={strings.declareFailed} size="body" />
        </p>
      )}
    </div>
  );
}
