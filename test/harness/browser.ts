/**
 * Debian's Chromium driven by playwright-core, with a fresh profile. A missing browser fails the test
 * with the fix, it does not skip it: these tests are the acceptance of the kiosk screen.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps dialling out, which this network refuses. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** `env`: the browser's environment (default: this process's), e.g. a FONTCONFIG_FILE that hides fonts. */
export async function launchChromium(opts: { env?: NodeJS.ProcessEnv } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium; .ci/run does)`);
  const profile = await mkdtemp(join(tmpdir(), 'gate-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 800 }, env: opts.env ?? process.env });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the kiosk URL (with its token fragment) in a fresh browser. */
export async function openKiosk(url: string): Promise<{ page: Page; close(): Promise<void> }> {
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  await page.goto(url);
  return { page, close: browser.close };
}
