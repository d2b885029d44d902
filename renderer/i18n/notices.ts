/** What the screen says about a scan the lane could not use, by `lane.notice.code`; never blank. */
import { label } from './phrases.js';
import { strings, type Bilingual } from './strings.js';

export interface NoticeWords {
  readonly text: Bilingual;
  /** What to do about it, when there is something to do. */
  readonly hint: Bilingual | undefined;
  /** False for a code this screen has no words for: it then shows the generic words and the code in small print. */
  readonly known: boolean;
}

export function noticeWords(code: string): NoticeWords {
  const known = Object.hasOwn(strings.notice, code);
  const hint = Object.hasOwn(strings.noticeHint, code) ? label(strings.noticeHint, code) : undefined;
  return known ? { text: label(strings.notice, code), hint, known } : { text: strings.notRecognised, hint: strings.notRecognisedHint, known };
}

/** A clock `reason` code in words; a code this table does not know is shown as it is. */
export function clockReason(reason: string): Bilingual {
  return label(strings.clockReasons, reason);
}
