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

const join = (words: readonly string[], sep: string, last: string): string =>
  words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(sep)}${last}${words.at(-1) ?? ''}`;

/** "A、B或C" / "A, B or C". */
export function anyOf(items: readonly Bilingual[]): Bilingual {
  return bi(
    join(items.map((i) => i.zh), '、', '或'),
    join(items.map((i) => i.en), ', ', ' or '),
  );
}

/** "A、B、C" / "A, B and C". */
export function allOf(items: readonly Bilingual[]): Bilingual {
  return bi(
    items.map((i) => i.zh).join('、'),
    join(items.map((i) => i.en), ', ', ' and '),
  );
}

/** "Green" from "green": English sentences start with a capital. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** ISO weekdays as the shortest reading: "每天" / "Daily", "周一至周五" / "Mon–Fri", "周六、周日" / "Sat, Sun". */
export function weekdays(days: readonly number[]): Bilingual {
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  if (sorted.length === 7) return bi('每天', 'daily');
  const runs: number[][] = [];
  for (const d of sorted) {
    const run = runs.at(-1);
    if (run !== undefined && run.at(-1) === d - 1) run.push(d);
    else runs.push([d]);
  }
  const day = (d: number): Bilingual => label(strings.weekday as Readonly<Record<string, Bilingual>>, String(d));
  const parts = runs.flatMap((run): Bilingual[] => {
    const first = day(run[0] ?? 1);
    const last = day(run.at(-1) ?? 1);
    if (run.length >= 3) return [bi(`${first.zh}至${last.zh}`, `${first.en}–${last.en}`)];
    return run.map(day);
  });
  return bi(parts.map((p) => p.zh).join('、'), parts.map((p) => p.en).join(', '));
}

/** Opening windows grouped by their days, in the order the policy lists them: "周一至周五 07:00–12:00、14:00–18:00". */
export function openingHours(windows: readonly { readonly days: readonly number[]; readonly from: string; readonly to: string }[]): Bilingual {
  const groups = new Map<string, { days: Bilingual; spans: string[] }>();
  for (const w of windows) {
    const key = [...new Set(w.days)].sort((a, b) => a - b).join(',');
    const group = groups.get(key) ?? { days: weekdays(w.days), spans: [] };
    group.spans.push(`${w.from}–${w.to}`);
    groups.set(key, group);
  }
  const all = [...groups.values()];
  return bi(all.map((g) => `${g.days.zh} ${g.spans.join('、')}`).join('；'), all.map((g) => `${g.days.en} ${g.spans.join(', ')}`).join('; '));
}

/** "UTC+8", "UTC−5:30". */
export function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`}`;
}

/** An age in whole hours up to two days, then in whole days: "14 h" / "14 小时", "9 days" / "9 天". */
export function age(ms: number): Bilingual {
  const hours = Math.max(0, Math.floor(ms / 3_600_000));
  if (hours < 48) return bi(`${hours} 小时`, `${hours} h`);
  const days = Math.floor(hours / 24);
  return bi(`${days} 天`, `${days} days`);
}

export const phrases = {
  /** "The quarantine list is 14 h old: checks that use it go to the guard"; a kind never applied "has never been received". */
  bundleStale: (kind: string, ageMs: number | null, onStale: 'deny' | 'refer'): Bilingual => {
    const k = label(strings.bundleKind, kind);
    const effect = strings.staleEffect[onStale];
    if (ageMs === null) return bi(`${k.zh}${strings.bundleNeverReceived.zh}，${effect.zh}`, `${k.en} ${strings.bundleNeverReceived.en}: ${effect.en}`);
    const a = age(ageMs);
    return bi(`${k.zh}已 ${a.zh} 未更新，${effect.zh}`, `${k.en} is ${a.en} old: ${effect.en}`);
  },
  /** One small footer line: each kind's age, "—" for one never received. */
  bundleAges: (bundles: readonly { kind: string; ageMs: number | null }[]): string => {
    const each = (lang: 'zh' | 'en') => bundles.map((b) => `${label(strings.bundleKind, b.kind)[lang]} ${b.ageMs === null ? '—' : age(b.ageMs)[lang]}`).join(' · ');
    return `${strings.bundleAgesHeading.zh} ${each('zh')} · ${strings.bundleAgesHeading.en} ${each('en')}`;
  },
  measured: (c: number): Bilingual => bi(`体温 ${celsius(c)} °C`, `Temperature ${celsius(c)} °C`),
  record: (seq: number): Bilingual => bi(`记录 #${seq}`, `Record #${seq}`),
  faultCode: (code: string): Bilingual => bi(`故障代码 ${code}`, `Fault code ${code}`),
  /** Free space against the configured minimum, for the storage warning's small print. */
  freeSpace: (freeMB: number, minFreeMB: number): string =>
    `剩余 ${Math.floor(freeMB)} MB（不足 ${minFreeMB} MB） · ${Math.floor(freeMB)} MB free, below ${minFreeMB} MB`,
  /** A device chip: its role, its id where that says more (a second scanner, a named reader), its link state. */
  device: (role: string, state: string, id: string = role): Bilingual => {
    const r = label(strings.device, role);
    const s = label(strings.link, state);
    const named = id === role ? '' : ` ${id}`;
    return bi(`${r.zh}${named} ${s.zh}`, `${r.en}${named} ${s.en}`);
  },
  /** How long the journal keeps decisions and registrations, on one small line; a period no notice sets is marked as local. */
  retention: (days: number, cited: boolean): string =>
    `记录保存 ${days} 天${cited ? '' : '（本处设定）'} · Records are kept ${days} ${days === 1 ? 'day' : 'days'}${cited ? '' : ' (set locally)'}`,
  /** One small line for the footer: the identifiers read the same in both languages. */
  policy: (id: string, version: string, sha256: string): string =>
    `规则 Policy ${id} · 版本 Version ${version} · SHA-256 ${sha256.slice(0, 12)}`,
} as const;
