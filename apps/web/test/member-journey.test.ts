import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newBook } from '@pustaka/catalog/testing';
import { ADMIN, describeInBrowser, DESKTOP, launchBrowser, newVisitor, PHONE, screenshot, startWebShop } from './web-shop.ts';
import type { WebShop } from './web-shop.ts';

/** No serious or critical accessibility violation on the page as it stands. */
async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const grave = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(grave.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

describeInBrowser('a member in the web app', () => {
  let shop: WebShop;
  let browser: Browser;
  beforeAll(async () => {
    [shop, browser] = await Promise.all([startWebShop({ demo: true }), launchBrowser()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it('signs up, finds a book by a misspelt search, buys it, sees the notification arrive, cancels, and reads it all again offline', async () => {
    const { context, page } = await newVisitor(browser, shop.url);
    await page.goto('/');
    await expectAccessible(page);
    await screenshot(page, 'home-desktop');

    await page.goto('/sign-up');
    await page.getByLabel(/^(Name|Nama)$/).fill('Ana Member');
    await page.getByLabel('Email').fill(`ana.${Date.now()}@example.com`);
    await page.getByLabel(/^(Password|Kata sandi)$/).fill('correct horse battery');
    await expectAccessible(page);
    await page.getByRole('button', { name: /Sign up|Daftar/ }).click();
    await page.waitForURL(`${shop.url}/`);

    // "manusa": one letter off "Manusia"; the type-ahead offers the title while typing.
    const search = page.getByRole('combobox', { name: /Search|Cari/ });
    await search.fill('bumi manusa');
    await search.press('Enter');
    await page.waitForURL(/\/search\?q=bumi/);
    const hit = page.getByTestId('search-hit').first();
    await expect.poll(() => hit.textContent()).toContain('Bumi Manusia');
    expect(await hit.locator('mark').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, 'search-desktop');

    await hit.getByRole('link').click();
    await page.waitForURL(/\/books\//);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Bumi Manusia');
    const stockBefore = await page.getByTestId('stock').textContent();
    await expectAccessible(page);
    await screenshot(page, 'book-desktop');
    await page.getByRole('button', { name: /Add to cart|Masukkan keranjang/ }).click();
    await page.getByTestId('cart-link').click();
    await page.waitForURL(/\/cart/);
    expect(await page.getByTestId('cart-line').count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'cart-desktop');

    await page.getByTestId('checkout').click();
    await page.waitForURL(/\/account\/orders\?placed=/);
    await expect.poll(() => page.getByTestId('order').count()).toBe(1);
    // The notification comes over the socket, without a reload.
    await expect.poll(() => page.getByTestId('unread-count').textContent(), { timeout: 5_000 }).toBe('1');
    await expectAccessible(page);
    await screenshot(page, 'orders-desktop');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: /Cancel order|Batalkan pesanan/ }).click();
    await expect.poll(() => page.getByTestId('order-status').textContent()).toMatch(/Cancelled|Dibatalkan/);

    await page.goto('/notifications');
    await expect.poll(() => page.getByTestId('notification').count(), { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    await expectAccessible(page);
    await screenshot(page, 'notifications-desktop');

    // Offline: the pages seen before open from the browser's copies, and say so.
    await page.goto('/account/orders');
    await expect.poll(() => page.getByTestId('order').count()).toBe(1);
    await context.setOffline(true);
    await page.evaluate("window.dispatchEvent(new Event('offline'))");
    await page
      .getByRole('link', { name: /My account|Akun saya/ })
      .first()
      .click();
    await page
      .getByRole('navigation', { name: /My account|Akun saya/ })
      .getByRole('link', { name: /My orders|Pesanan saya/ })
      .click();
    await expect.poll(() => page.getByTestId('offline-banner').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('order').count()).toBe(1);
    expect(await page.getByText(/last visit|kunjungan terakhir/).count()).toBeGreaterThan(0);
    await screenshot(page, 'orders-offline-desktop');
    await page
      .getByTestId('order')
      .getByRole('link', { name: /Bumi Manusia/ })
      .click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Bumi Manusia');
    expect(await page.getByTestId('stock').textContent()).toBe(stockBefore);
    expect(await page.getByText(/last visit|kunjungan terakhir/).count()).toBeGreaterThan(0);
    await context.setOffline(false);
    await context.close();
  });

  it('puts back the old name, and says why, when the API refuses a profile change it already showed', async () => {
    const { context, page } = await newVisitor(browser, shop.url);
    const email = `bo.${Date.now()}@example.com`;
    await shop.api.post('/api/auth/register', { body: { name: 'Bo Before', email, password: 'correct horse battery' } });
    await page.goto('/sign-in?next=/account');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^(Password|Kata sandi)$/).fill('correct horse battery');
    await page.getByRole('button', { name: /^(Sign in|Masuk)$/ }).click();
    await page.waitForURL(/\/account$/);
    await expectAccessible(page);

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/users/me', async (route) => {
      if (route.request().method() !== 'PATCH') return route.continue();
      await held;
      await route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ status: 503, code: 'UPSTREAM_UNAVAILABLE', title: 'Identity is not answering' }),
      });
    });
    await page.getByLabel(/^(Name|Nama)$/).fill('Bo After');
    await page.getByRole('button', { name: /Save|Simpan/ }).click();
    // Shown at once, before the API has answered...
    await expect.poll(() => page.getByTestId('profile-name').textContent()).toContain('Bo After');
    release();
    // ...and taken back when it refuses.
    await expect.poll(() => page.getByTestId('profile-name').textContent()).toContain('Bo Before');
    expect(await page.getByTestId('profile-message').textContent()).toContain('Identity is not answering');
    await screenshot(page, 'account-rolled-back-desktop');
    await context.close();
  });

  it('names the line the shelf cannot fill and charges nothing; the type-ahead works from the keyboard', async () => {
    const { context, page } = await newVisitor(browser, shop.url);
    const email = `cy.${Date.now()}@example.com`;
    await shop.api.post('/api/auth/register', { body: { name: 'Cy Keyboard', email, password: 'correct horse battery' } });
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^(Password|Kata sandi)$/).fill('correct horse battery');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${shop.url}/`);

    const search = page.getByRole('combobox', { name: /Search|Cari/ });
    await search.focus();
    await page.keyboard.type('pramoed', { delay: 30 });
    await expect
      .poll(
        () =>
          page
            .getByRole('listbox', { name: /Suggestions|Saran/ })
            .getByRole('option')
            .count(),
        { timeout: 5_000 },
      )
      .toBeGreaterThan(0);
    await page.keyboard.press('ArrowDown');
    const chosen = await page
      .getByRole('listbox', { name: /Suggestions|Saran/ })
      .getByRole('option', { selected: true })
      .textContent();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    expect(decodeURIComponent(new URL(page.url()).searchParams.get('q') ?? '')).toBe(chosen?.split('·')[0]?.trim());

    const admin = (await shop.api.post('/api/auth/login', { body: ADMIN })).body.accessToken;
    const category = (await shop.api.get('/api/categories')).body.items[0];
    const book = (await shop.api.post('/api/books', { token: admin, body: { ...newBook(category.id), title: 'Tiga Eksemplar', stock: 3, coverUrl: null } }))
      .body;
    await page.goto(`/books/${book.id}`);
    await page.getByLabel(/Quantity|Jumlah/).fill('3');
    await page.getByRole('button', { name: /Add to cart|Masukkan keranjang/ }).click();
    // Someone else buys copies meanwhile: the cart now asks for more than the shelf holds.
    const other = await shop.api.post('/api/auth/register', {
      body: { name: 'Quick Buyer', email: `q.${Date.now()}@example.com`, password: 'correct horse battery' },
    });
    expect((await shop.api.post('/api/orders', { token: other.body.accessToken, body: { items: [{ bookId: book.id, quantity: 1 }] } })).status).toBe(201);
    await page.goto('/cart');
    await page.getByTestId('checkout').click();
    await expect.poll(() => page.getByTestId('checkout-error').isVisible()).toBe(true);
    expect(await page.getByTestId('cart-line').first().getByRole('alert').textContent()).toMatch(/\b2\b/);
    await expectAccessible(page);
    await screenshot(page, 'cart-out-of-stock-desktop');
    const signedIn = await shop.api.post('/api/auth/login', { body: { email, password: 'correct horse battery' } });
    expect((await shop.api.get('/api/orders', { token: signedIn.body.accessToken })).body.total).toBe(0);
    await context.close();
  });

  it('is usable on a 360 px phone: every main page fits the screen without sideways scrolling', async () => {
    const { context, page } = await newVisitor(browser, shop.url, PHONE);
    const book = (await shop.api.get('/api/books?q=Laskar%20Pelangi')).body.items[0];
    for (const [name, path] of [
      ['home', '/'],
      ['search', '/search?q=pramoedya'],
      ['book', `/books/${book.id}`],
      ['books', '/books'],
      ['cart', '/cart'],
      ['sign-in', '/sign-in'],
    ] as const) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect({ name, overflow }).toEqual({ name, overflow: 0 });
      await expectAccessible(page);
      await screenshot(page, `${name}-phone`);
    }
    await context.close();
    expect(DESKTOP.viewport.width).toBe(1280);
  });
});
