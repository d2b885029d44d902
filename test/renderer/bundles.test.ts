/** Stale bundles on the kiosk screen in Chromium: a banner naming each stale kind, its age and what its checks do; every kind's age in the footer. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKiosk, type Kiosk } from './browser.js';
import { idle, view } from './views.js';

const HOUR = 3_600_000;
let kiosk: Kiosk;
beforeAll(async () => {
  kiosk = await startKiosk();
});
afterAll(async () => {
  await kiosk.close();
});

const quarantine14h = { kind: 'quarantine', version: 7, ageMs: 14 * HOUR + 20 * 60_000, maxAgeMs: 12 * HOUR, stale: true, onStale: 'refer' } as const;
const residents = { kind: 'residents', version: null, ageMs: 3 * HOUR, maxAgeMs: null, stale: false, onStale: null } as const;
const issuerKeys = { kind: 'issuer-keys', version: null, ageMs: null, maxAgeMs: 24 * HOUR, stale: true, onStale: 'deny' } as const;

it('shows a stale kind as a banner in both languages with the ages in the footer, and clears it when fresh', async () => {
  const k = await kiosk.open();
  await k.push({ ...view(1, idle), bundles: [residents, quarantine14h, issuerKeys] });
  const banner = k.page.getByTestId('bundle-warning');
  await expect.poll(() => banner.count()).toBe(1);
  expect(await banner.getAttribute('data-kinds')).toBe('quarantine issuer-keys');
  const words = await banner.innerText();
  expect(words).toContain('居家隔离名单已 14 小时 未更新，相关查验转人工');
  expect(words).toContain('The quarantine list is 14 h old: checks that use it go to the guard');
  expect(words).toContain('码签发密钥尚未收到，相关查验将不予通行');
  expect(words).toContain('The issuer key list has never been received: checks that use it are refused');
  // On screen, not cut off.
  const box = await banner.boundingBox();
  expect(box).not.toBeNull();
  expect((box?.y ?? -1) >= 0 && (box?.y ?? 0) + (box?.height ?? 0) <= 800).toBe(true);
  const ages = await k.page.getByTestId('bundle-ages').innerText();
  expect(ages).toContain('居民名单 3 小时 · 居家隔离名单 14 小时 · 码签发密钥 —');
  expect(ages).toContain('The residents register 3 h · The quarantine list 14 h · The issuer key list —');
  await k.shot('idle-bundle-stale');

  await k.push({ ...view(2, idle), bundles: [residents, { ...quarantine14h, version: 8, ageMs: HOUR, stale: false }] });
  await expect.poll(() => banner.count()).toBe(0);
  await expect.poll(() => k.page.getByTestId('bundle-ages').innerText()).toContain('The quarantine list 1 h');
});

it('shows no banner and no ages line while nothing is dated or in force', async () => {
  const k = await kiosk.open();
  await k.push(view(1, idle));
  await expect.poll(() => k.page.getByTestId('screen-idle').count()).toBe(1);
  expect(await k.page.getByTestId('bundle-warning').count()).toBe(0);
  expect(await k.page.getByTestId('bundle-ages').count()).toBe(0);
});
