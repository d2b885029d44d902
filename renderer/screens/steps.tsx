import type { JSX } from 'preact';
import { Bi } from '../components/bi.js';
import { Icon, type IconName } from '../components/icons.js';
import { strings } from '../i18n/strings.js';
import type { ScreenOf } from './types.js';

/** In the order they are asked for: everything shown at the scanner first, then the thermometer, then the mask. */
export const STEPS = ['identity', 'healthCode', 'travel', 'temperature', 'mask'] as const;
export type StepKind = (typeof STEPS)[number];
const stateIcon: Record<ScreenOf<'collecting'>['identity'], IconName | undefined> = { waiting: undefined, done: 'check', 'not-required': 'dash' };

/** The checks, each waiting, done or not required here; the one being asked for now stands out. */
export function Steps({ screen, current }: { screen: ScreenOf<'collecting'>; current: StepKind | undefined }): JSX.Element {
  return (
    <ol class="steps" data-testid="steps" style={{ '--steps': STEPS.length }}>
      {STEPS.map((step, i) => {
        const state = screen[step];
        const icon = stateIcon[state];
        return (
          <li key={step} class={`step step-${state}${step === current ? ' step-current' : ''}`} data-testid={`step-${step}`} data-state={state}>
            <span class="step-mark">{icon === undefined ? i + 1 : <Icon name={icon} />}</span>
            <span class="step-text">
              <Bi text={strings.step[step]} size="body" />
              <Bi text={strings.stepState[state]} size="small" />
            </span>
          </li>
        );
      })}
    </ol>
  );
}
