import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, newVisitor, startWebShop } from './web-shop.ts';
import type { WebShop } from './web-shop.ts';

/** The session as the web app keeps it in localStorage. */
const storedSession = (page: Page) =>
  page.evaluate('JSON.parse(localStorage.getItem("session") ?? "null")') as Promise<{ refreshToken: string | null; accessToken: string | null } | null>;

describeInBrowser("a member's session in the web app", () => {
  let shop: WebShop;
  let browser: Browser;
  beforeAll(async () => {
    // Access tokens that expire while the test watches.
    [shop, browser] = await Promise.all([startWebShop({ env: { ACCESS_TOKEN_TTL_SECONDS: '4', REFRESH_GRACE_SECONDS: '0' } }), launchBrowser()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it('refreshes an expired token silently, once for two tabs at the same time, and signs out for good', async () => {
    const email = `tabs.${Date.now()}@example.com`;
    await shop.api.post('/api/auth/register', { body: { name: 'Two Tabs', email, password: 'correct horse battery' } });
    const { context, page } = await newVisitor(browser, shop.url);
    await page.goto('/sign-in?next=/account/orders');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^(Password|Kata sandi)$/).fill('correct horse battery');
    await page.getByRole('button', { name: /^(Sign in|Masuk)$/ }).click();
    await page.waitForURL(/\/account\/orders$/);
    const first = await storedSession(page);

    // A second tab of the same browser; then both tokens expire and both tabs ask for orders at once.
    const second = await context.newPage();
    await second.goto('/account/orders');
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await Promise.all([page.reload(), second.reload()]);
    for (const tab of [page, second]) {
      await expect.poll(() => tab.getByText(/no orders yet|belum punya pesanan/).count(), { timeout: 20_000 }).toBe(1);
      expect(await tab.getByRole('alert').count()).toBe(0);
    }
    const rotated = await storedSession(page);
    expect(rotated?.refreshToken).toBeTruthy();
    expect(rotated?.refreshToken).not.toBe(first?.refreshToken);
    // Had the two tabs spent one refresh token twice, the family would be revoked now: it is not,
    // the session goes on after the next expiry too.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await page.reload();
    await expect.poll(() => page.getByText(/no orders yet|belum punya pesanan/).count(), { timeout: 20_000 }).toBe(1);

    const last = await storedSession(page);
    await page.getByRole('button', { name: /Sign out|Keluar/ }).click();
    await page.waitForURL(`${shop.url}/`);
    expect(await storedSession(page)).toMatchObject({ refreshToken: null, accessToken: null });
    // Signed out means the refresh token is dead on the server too, not only forgotten here.
    await expect.poll(async () => (await shop.api.post('/api/auth/refresh', { body: { refreshToken: last!.refreshToken } })).status).toBe(401);
    await context.close();
  });
});
