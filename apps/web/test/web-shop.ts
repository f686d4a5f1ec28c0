import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createLogger } from '@pustaka/kit/log';
import type { Platform } from '@pustaka/kit/platform';
import { httpClient } from '@pustaka/kit/testing';
import type { HttpClient } from '@pustaka/kit/testing';
import { loadEmbeddedConfig } from '@pustaka/embedded/config';
import { buildEmbedded } from '@pustaka/embedded';
import { createWebRenderer, ensureWebBuild, WEB_ROOT } from '../serve/index.ts';

export const ADMIN = { email: 'owner@shop.test', password: 'correct horse battery' };
export const CHROMIUM = '/usr/bin/chromium';
/** The flags this machine's Chromium needs headless (no sandbox as root, no calls home). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Where the runs' screenshots go, for a person to look at (git-ignored). */
export const SCREENSHOTS = join(WEB_ROOT, 'test', 'screenshots');

export interface WebShop {
  url: string;
  api: HttpClient;
  platform: Platform;
  close(): Promise<void>;
}

/**
 * The whole platform with the web app, as `npm start` runs it (embedded PGlite, the demo shop when
 * `demo`), on a free port; the web app is built first if it has to be.
 */
export async function startWebShop(options: { demo?: boolean; env?: Record<string, string> } = {}): Promise<WebShop> {
  const logger = createLogger({ name: 'web-test', level: 'silent' });
  await ensureWebBuild(logger);
  const dataDir = await mkdtemp(join(tmpdir(), 'pustaka-web-test-'));
  const config = loadEmbeddedConfig({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    SEED_DEMO: options.demo ? 'true' : 'false',
    DATA_DIR: dataDir,
    // A browser test is one address doing what many members would.
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_AUTH_PER_MINUTE: '10000',
    ...options.env,
  });
  const platform = await buildEmbedded(config, logger, undefined, undefined, undefined, createWebRenderer({ shopLocale: config.SHOP_LOCALE }));
  const url = await platform.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    api: httpClient(url),
    platform,
    close: async () => {
      await platform.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Chromium as these machines run it headless. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 900 } };

/** A fresh browser profile (its own storage, as another person's browser). */
export async function newVisitor(
  browser: Browser,
  url: string,
  device: typeof PHONE | typeof DESKTOP = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...device, baseURL: url, locale: 'en-GB' });
  const page = await context.newPage();
  return { context, page };
}

/** Saves a screenshot of the page as the run saw it (desktop and phone runs name theirs apart). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * A suite that drives a real browser: run where Debian's Chromium is installed (CI installs it),
 * skipped elsewhere with the reason, an error in CI (TEST_REQUIRE_REAL_SERVICES=1) when missing.
 */
export function describeInBrowser(title: string, body: () => void): void {
  const present = existsSync(CHROMIUM);
  if (!present && process.env.TEST_REQUIRE_REAL_SERVICES === '1') throw new Error(`${CHROMIUM} is missing: install Debian's chromium (.ci/run does)`);
  if (!present) console.warn(`[pustaka] browser suite "${title}" SKIPPED: ${CHROMIUM} not installed (apt-get install chromium)`);
  describe.skipIf(!present)(`${title} (chromium)`, () => {
    body();
  });
}
