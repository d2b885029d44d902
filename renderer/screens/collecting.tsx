import type { JSX } from 'preact';
import type { GateApi } from '../../src/ipc/contract.js';
import type { ClockView, LaneView } from '../../src/ipc/view.js';
import { Bi } from '../components/bi.js';
import { ClockBanner } from '../components/clock-banner.js';
import { Icon, type IconName } from '../components/icons.js';
import { ScanNotice } from '../components/scan-notice.js';
import { phrases } from '../i18n/phrases.js';
import { strings, type Bilingual } from '../i18n/strings.js';
import { MaskButton } from './mask-button.js';
import { Steps, type StepKind } from './steps.js';
import type { ScreenOf } from './types.js';

type Prompt = 'remeasure' | 'scan' | 'scan-id' | 'health-code' | 'travel' | 'measure' | 'mask' | 'deciding';

/**
 * What the person must do next, in the order of the steps; a re-measure request comes before anything
 * else. A code or reading taken before the ID waits for it: the prompt then asks for the ID by name.
 */
export function currentPrompt(s: ScreenOf<'collecting'>): Prompt {
  if (s.remeasure) return 'remeasure';
  if (s.identity === 'waiting') return s.healthCode === 'done' || s.travel === 'done' || s.temperature === 'done' ? 'scan-id' : 'scan';
  if (s.healthCode === 'waiting') return 'health-code';
  if (s.travel === 'waiting') return 'travel';
  if (s.temperature === 'waiting') return 'measure';
  if (s.mask === 'waiting') return 'mask';
  return 'deciding';
}

const stepOf: Record<Prompt, StepKind | undefined> = {
  remeasure: 'temperature',
  scan: 'identity',
  'scan-id': 'identity',
  'health-code': 'healthCode',
  travel: 'travel',
  measure: 'temperature',
  mask: 'mask',
  deciding: undefined,
};

const prompts: Record<Exclude<Prompt, 'mask'>, { text: Bilingual; icon: IconName | undefined }> = {
  remeasure: { text: strings.remeasurePrompt, icon: 'thermometer' },
  scan: { text: strings.scanPrompt, icon: 'scan' },
  'scan-id': { text: strings.scanIdPrompt, icon: 'scan' },
  'health-code': { text: strings.healthCodePrompt, icon: 'qr' },
  travel: { text: strings.travelPrompt, icon: 'route' },
  measure: { text: strings.measurePrompt, icon: 'thermometer' },
  deciding: { text: strings.deciding, icon: undefined },
};

/** Someone is at the gate: the checks so far, and one big instruction for the next. */
export function Collecting({ gate, lane, screen, clock }: { gate: GateApi; lane: LaneView; screen: ScreenOf<'collecting'>; clock: ClockView }): JSX.Element {
  const prompt = currentPrompt(screen);
  const shown = prompt === 'mask' ? undefined : prompts[prompt];
  return (
    <main class="screen collecting" data-testid="screen-collecting">
      <ClockBanner clock={clock} />
      <Steps screen={screen} current={stepOf[prompt]} />
      <section class={`prompt prompt-${prompt}`} aria-live="assertive" data-testid="prompt" data-prompt={prompt}>
        {shown === undefined ? (
          <MaskButton gate={gate} lane={lane.id} />
        ) : (
          <>
            {shown.icon !== undefined && <Icon name={shown.icon} />}
            <Bi text={shown.text} size="huge" />
          </>
        )}
      </section>
      <ScanNotice notice={lane.notice} />
      <section class="facts">
        {screen.person !== null && (
          <span class="person" data-testid="person">
            {screen.person.masked}
          </span>
        )}
        {screen.temperatureC !== null && (
          <span class="measured" data-testid="temperature">
            <Bi text={phrases.measured(screen.temperatureC)} size="body" />
          </span>
        )}
      </section>
    </main>
  );
}
