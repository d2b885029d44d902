import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { LaneView } from '../../src/ipc/view.js';
import { noticeWords } from '../i18n/notices.js';
import { Bi } from './bi.js';

/** How long a rejected scan is pointed out; the core keeps it until the next good scan, which may be hours. */
export const SCAN_NOTICE_MS = 8_000;

/** "This code has expired": shown for a few seconds after the lane rejected a scan, in words for its code. */
export function ScanNotice({ notice }: { notice: LaneView['notice'] }): JSX.Element | null {
  const [, rerender] = useState(0);
  const until = notice === null ? 0 : notice.at + SCAN_NOTICE_MS;
  useEffect(() => {
    const left = until - Date.now();
    if (left <= 0) return undefined;
    const timer = setTimeout(() => rerender((n) => n + 1), left);
    return () => clearTimeout(timer);
  }, [until]);
  if (notice === null || Date.now() >= until) return null;
  const words = noticeWords(notice.code);
  return (
    <div class="scan-notice" role="alert" data-testid="scan-notice" data-code={notice.code}>
      <Bi text={words.text} size="large" />
      {words.hint !== undefined && <Bi text={words.hint} size="body" />}
      {!words.known && <small class="notice-code">{notice.code}</small>}
    </div>
  );
}
