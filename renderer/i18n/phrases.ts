/** Sentences with values in them: numbers, codes and labels looked up in the string table. */
import { bi, strings, type Bilingual } from './strings.js';

/** °C as measured or configured: one decimal at least, two at most (37.25 must not read as 37.3). */
export function celsius(n: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 2, useGrouping: false });
}

/** A label from one of the string table's enum maps; a value the table does not know is shown as it is. */
export function label(table: Readonly<Record<string, Bilingual>>, key: string): Bilingual {
  return (Object.hasOwn(table, key) ? table[key] : undefined) ?? bi(key, key);
}

/** "A、B或C" / "A, B or C". */
export function anyOf(items: readonly Bilingual[]): Bilingual {
  const join = (words: string[], sep: string, or: string): string =>
    words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(sep)}${or}${words.at(-1) ?? ''}`;
  return bi(
    join(items.map((i) => i.zh), '、', '或'),
    join(items.map((i) => i.en), ', ', ' or '),
  );
}

export const phrases = {
  measured: (c: number): Bilingual => bi(`体温 ${celsius(c)} °C`, `Temperature ${celsius(c)} °C`),
  record: (seq: number): Bilingual => bi(`记录 #${seq}`, `Record #${seq}`),
  faultCode: (code: string): Bilingual => bi(`故障代码 ${code}`, `Fault code ${code}`),
  device: (role: string, state: string): Bilingual => {
    const r = label(strings.device, role);
    const s = label(strings.link, state);
    return bi(`${r.zh} ${s.zh}`, `${r.en} ${s.en}`);
  },
  /** One small line for the footer: the identifiers read the same in both languages. */
  policy: (id: string, version: string, sha256: string): string =>
    `规则 Policy ${id} · 版本 Version ${version} · SHA-256 ${sha256.slice(0, 12)}`,
} as const;
