/**
 * The kiosk's Chinese is drawn in a real CJK font, not as missing-glyph boxes (tofu). Each Han character
 * on the idle screen is drawn on a canvas in the font its element computes (Chromium's own font fallback,
 * as for the page's text) and compared, pixel for pixel, with a code point no font has (U+0378, unassigned):
 * a character drawn like it, or like another character, is a box. The second test shows the check can fail:
 * the same page in a browser whose fontconfig rejects every font that covers Chinese.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKiosk, type Kiosk } from './browser.js';
import { idle, view } from './views.js';

/** The Han characters on the page that render as missing-glyph boxes, and how many distinct ones it shows. */
function boxedHan(page: Page): Promise<{ han: number; boxed: string[] }> {
  return page.evaluate(() => {
    const zh = document.querySelector<HTMLElement>('[data-testid="prompt"] .zh');
    if (zh === null) throw new Error('no Chinese prompt on the page');
    const style = getComputedStyle(zh);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 48;
    const g = canvas.getContext('2d', { willReadFrequently: true });
    if (g === null) throw new Error('no 2d canvas');
    const draw = (ch: string): string => {
      g.clearRect(0, 0, 48, 48);
      g.font = `${style.fontWeight} 32px ${style.fontFamily}`;
      g.textBaseline = 'top';
      g.fillText(ch, 4, 4);
      return g.getImageData(0, 0, 48, 48).data.join(',');
    };
    const missing = draw('\u0378');
    const han = [...new Set(document.body.innerText.match(/\p{Script=Han}/gu) ?? [])];
    const seen = new Map<string, number>();
    const drawn = han.map((ch) => {
      const pixels = draw(ch);
      seen.set(pixels, (seen.get(pixels) ?? 0) + 1);
      return { ch, pixels };
    });
    return { han: han.length, boxed: drawn.filter((d) => d.pixels === missing || (seen.get(d.pixels) ?? 0) > 1).map((d) => d.ch) };
  });
}

async function idleScreen(kiosk: Kiosk): Promise<Page> {
  const k = await kiosk.open();
  await k.push(view(1, idle));
  await k.page.getByTestId('prompt').waitFor();
  await k.settle();
  return k.page;
}

/** A fontconfig with the system's fonts except any that covers Chinese. */
const NO_CJK_FONTS = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><pattern><patelt name="lang"><string>zh</string></patelt></pattern></rejectfont></selectfont>
</fontconfig>
`;

describe('real glyphs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gate-glyphs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the idle screen draws its Chinese in a CJK font, no character as a missing-glyph box', async () => {
    const kiosk = await startKiosk();
    try {
      const { han, boxed } = await boxedHan(await idleScreen(kiosk));
      expect(han).toBeGreaterThan(20);
      // Boxes here: install a CJK font (Debian fonts-noto-cjk; .ci/run does).
      expect(boxed).toEqual([]);
    } finally {
      await kiosk.close();
    }
  });

  it('the check sees boxes in a browser whose fontconfig hides every CJK font', async () => {
    const config = join(dir, 'fonts.conf');
    await writeFile(config, NO_CJK_FONTS);
    const kiosk = await startKiosk({ env: { ...process.env, FONTCONFIG_FILE: config } });
    try {
      const { han, boxed } = await boxedHan(await idleScreen(kiosk));
      expect(han).toBeGreaterThan(20);
      expect(boxed).toHaveLength(han);
    } finally {
      await kiosk.close();
    }
  });
});
