import type { JSX } from 'preact';
import type { Bilingual } from '../i18n/strings.js';

/** Chinese first and larger, English beneath it; `size` scales both together. */
export function Bi({ text, size }: { text: Bilingual; size: 'giant' | 'huge' | 'large' | 'body' | 'small' }): JSX.Element {
  return (
    <span class={`bi bi-${size}`}>
      <span class="zh" lang="zh-CN">
        {text.zh}
      </span>
      <span class="en" lang="en">
        {text.en}
      </span>
    </span>
  );
}
