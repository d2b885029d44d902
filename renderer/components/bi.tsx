import type { JSX } from 'preact';
import type { Bilingual } from '../i18n/strings.js';

/** Figures a line must not break inside: "06:00–22:00", "37.3 °C", "24 h". */
const UNBREAKABLE = /(\d{1,2}:\d{2}–\d{1,2}:\d{2}|\d+(?:\.\d+)? (?:°C|h\b|小时|天))/;

/** The text with every unbreakable figure in a nowrap span; the text itself (and so innerText) is unchanged. */
function keepTogether(text: string): (string | JSX.Element)[] {
  return text.split(UNBREAKABLE).map((part, i) => (i % 2 === 1 ? <span key={i} class="nobr">{part}</span> : part));
}

/** Chinese first and larger, English beneath it; `size` scales both together. */
export function Bi({ text, size }: { text: Bilingual; size: 'giant' | 'huge' | 'large' | 'body' | 'small' }): JSX.Element {
  return (
    <span class={`bi bi-${size}`}>
      <span class="zh" lang="zh-CN">
        {keepTogether(text.zh)}
      </span>
      <span class="en" lang="en">
        {keepTogether(text.en)}
      </span>
    </span>
  );
}
