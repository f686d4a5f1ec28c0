import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { newBook, newCategory, randomIsbn13 } from '@pustaka/catalog/testing';
import { signInEachRole } from '@pustaka/identity/testing';
import type { SignedIn } from '@pustaka/identity/testing';
import { ADMIN, DESKTOP, describeInBrowser, launchBrowser, newVisitor, PHONE, screenshot, startWebShop } from './web-shop.ts';
import type { WebShop } from './web-shop.ts';

/** Each staff page, and what shows once its data is in. */
const STAFF_PAGES: Record<string, string> = {
  '/staff': '[data-testid="figure-revenue"]',
  '/staff/books': '[data-testid="staff-books"] li',
  '/staff/events': '[data-testid="staff-events"] li, [data-testid="events-none"]',
  '/staff/orders': '#orders-book-search',
  '/staff/users': '[data-testid="users-table"] tbody tr',
  '/staff/dead-letters': '[data-service="ticketing"] h2 .badge',
};

// The back office as the shop's staff use it: the dashboard with the figures of a real order, a
// restock that takes a book off the low-stock list, an event laid out seat by seat, and the users
// table whose changes show at once and come back when the API refuses them.
describeInBrowser('the back office', () => {
  let shop: WebShop;
  let browser: Browser;
  let people: Record<'member' | 'staff' | 'admin', SignedIn>;
  let lowBook: { id: string; title: string };

  beforeAll(async () => {
    shop = await startWebShop();
    browser = await launchBrowser();
    people = await signInEachRole(shop.api, ADMIN);
    const token = people.admin.accessToken;
    const category = await shop.api.post('/api/categories', { token, body: newCategory({ name: 'Puisi' }) });
    expect(category.status).toBe(201);
    const file = async (overrides: Record<string, unknown>) => {
      const created = await shop.api.post('/api/books', { token, body: newBook(category.body.id, { currency: 'IDR', coverUrl: null, ...overrides }) });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body as { id: string; title: string };
    };
    const popular = await file({ title: 'Hujan Bulan Juni', authors: ['Sapardi Djoko Damono'], price: 85_000, stock: 40 });
    lowBook = await file({ title: 'Aku Ini Binatang Jalang', authors: ['Chairil Anwar'], price: 65_000, stock: 3 });
    // A member's order, so the dashboard has figures: 3 × 85.000 + 1 × 65.000, the last copies but two of the poems.
    const order = await shop.api.post('/api/orders', {
      token: people.member.accessToken,
      headers: { 'idempotency-key': `back-office-${Date.now()}` },
      body: {
        items: [
          { bookId: popular.id, quantity: 3 },
          { bookId: lowBook.id, quantity: 1 },
        ],
      },
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  /** A browser where `who` is signed in, as the session store keeps it in localStorage. */
  async function signedIn(who: SignedIn, device: typeof DESKTOP | typeof PHONE = DESKTOP) {
    const visitor = await newVisitor(browser, shop.url, device);
    const session = { user: who.user, accessToken: who.accessToken, refreshToken: who.refreshToken, expiresAt: Date.now() + who.expiresIn * 1000 };
    await visitor.context.addInitScript((value) => localStorage.setItem('session', value), JSON.stringify(session));
    await visitor.context.addCookies([{ name: 'pustaka_lang', value: 'en', url: shop.url }]);
    return visitor;
  }

  /** Clicks the dashboard's Refresh until `check` holds: its figures come from events, a moment after the fact. */
  async function untilDashboardShows(page: Page, check: () => Promise<void>) {
    await expect
      .poll(
        async () => {
          try {
            await check();
            return true;
          } catch {
            await page.getByTestId('dashboard-refresh').click();
            await page.waitForTimeout(250);
            return false;
          }
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBe(true);
  }

  it('shows staff the figures of the order, and a restock takes the book off the low-stock list', async () => {
    const { context, page } = await signedIn(people.staff);
    await page.goto('/staff');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const lowStock = page.getByTestId('low-stock');
    await untilDashboardShows(page, async () => {
      expect(await page.getByTestId('figure-revenue').getByTestId('figure-current').textContent()).toMatch(/320[.,]000/);
      expect(await lowStock.locator(`[data-book-id="${lowBook.id}"]`).count()).toBe(1);
    });
    expect(await page.getByTestId('figure-units').getByTestId('figure-current').textContent()).toBe('4');
    expect(await lowStock.locator(`[data-book-id="${lowBook.id}"]`).textContent()).toContain('2 left');
    await page.getByTestId('chart-top-books').locator('canvas').waitFor();
    // A shorter period, charted by day: the order is in it too; the address keeps the choice.
    await page.getByLabel('Period', { exact: true }).selectOption('7');
    await page.waitForURL(/days=7/);
    await expect.poll(async () => page.getByTestId('figure-orders').getByTestId('figure-current').textContent()).toBe('1');
    // The CSV needs the staff's token: the page fetches it and hands it to the browser as a file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dashboard-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^pustaka-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    // The period on screen: a header, then a row for each of the 7 days.
    expect(csv.trim().split(/\r?\n/)).toHaveLength(8);
    expect(csv).toContain('320000');

    // The restock link, opened in a second tab (the till's), the dashboard left open in the first.
    const restockLink = await lowStock
      .locator(`[data-book-id="${lowBook.id}"]`)
      .getByRole('link', { name: /Restock/ })
      .getAttribute('href');
    expect(restockLink).toBe(`/staff/books?restock=${lowBook.id}`);
    const till = await context.newPage();
    await till.goto(restockLink!);
    const panel = till.getByTestId('book-panel');
    await panel.getByText('In stock now: 2.').waitFor();
    await panel.getByTestId('restock-amount').fill('20');
    await panel.getByTestId('restock-save').click();
    expect(await panel.getByTestId('restock-done').textContent()).toContain('now has 22 in stock');
    expect((await shop.api.get(`/api/books/${lowBook.id}`)).body.stock).toBe(22);

    // The open dashboard hears of the new stock at once, without a refresh; its figures, after one, agree.
    await lowStock.locator(`[data-book-id="${lowBook.id}"]`).waitFor({ state: 'detached', timeout: 10_000 });
    await untilDashboardShows(page, async () => {
      expect(await lowStock.locator(`[data-book-id="${lowBook.id}"]`).count()).toBe(0);
    });
    expect(await lowStock.textContent()).toContain('No book is running low.');
    await context.close();
  });

  it('adds a book through the form, says what the API refused, and changes its price; adds and renames a category', async () => {
    const { context, page } = await signedIn(people.staff);
    await page.goto('/staff/books');
    await page.getByTestId('staff-books').locator('li').first().waitFor();

    await page.getByRole('button', { name: 'Add a category' }).click();
    await page.locator('#category-new-name').fill('Esai');
    await page.getByRole('button', { name: 'Add the category' }).click();
    await page.getByRole('button', { name: /^Edit\W+Esai$/ }).click();
    await page.getByLabel('Name', { exact: true }).fill('Esai dan Kritik');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: /^Edit\W+Esai dan Kritik$/ }).waitFor();
    const categories = (await shop.api.get('/api/categories')).body.items as { id: string; name: string; slug: string }[];
    const essays = categories.find((category) => category.name === 'Esai dan Kritik')!;
    expect(essays.slug).toBe('esai');

    await page.getByRole('button', { name: 'Add a book' }).click();
    const panel = page.getByTestId('book-panel');
    await panel.getByLabel('Title').fill('Catatan Pinggir 1');
    await panel.getByLabel('Authors').fill('Goenawan Mohamad');
    await panel.getByLabel('Category').selectOption({ label: 'Esai dan Kritik' });
    await panel.getByLabel('ISBN').fill('12345');
    await panel.getByLabel('Price').fill('98000');
    await panel.getByLabel('Shelf').fill('E1-4');
    await panel.getByLabel('Stock').fill('6');
    await panel.getByRole('button', { name: 'Add the book' }).click();
    // The API's word on the field, beside the field.
    await panel.locator('#book-new-isbn[aria-invalid="true"]').waitFor();
    await panel.getByLabel('ISBN').fill(randomIsbn13());
    await panel.getByRole('button', { name: 'Add the book' }).click();
    await panel.waitFor({ state: 'detached' });
    await page.getByLabel('Title or author').fill('Catatan Pinggir');
    await page.getByLabel('Title or author').press('Enter');
    const row = page.getByTestId('staff-books').locator('li', { hasText: 'Catatan Pinggir 1' });
    expect(await row.textContent()).toMatch(/IDR\s98,000/);
    expect(await row.textContent()).toContain('6 in stock');

    await row.getByRole('button', { name: /Edit/ }).click();
    await page.getByTestId('book-panel').getByLabel('Price').fill('105000');
    await page.getByTestId('book-panel').getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('book-panel').waitFor({ state: 'detached' });
    expect(await row.textContent()).toMatch(/IDR\s105,000/);
    const bookId = await row.getAttribute('data-book-id');
    const saved = (await shop.api.get(`/api/books/${bookId}`)).body;
    expect([saved.price, saved.currency, saved.categoryId, saved.authors, saved.location]).toEqual([105_000, 'IDR', essays.id, ['Goenawan Mohamad'], 'E1-4']);
    await context.close();
  });

  it("hands a member's order over: staff pick a best seller, see its order and mark it fulfilled", async () => {
    const { context, page } = await signedIn(people.staff);
    await page.goto('/staff/orders');
    await page.getByRole('button', { name: 'Hujan Bulan Juni' }).click();
    const orders = page.getByTestId('staff-orders');
    const order = orders.locator('li.order');
    await order.first().waitFor();
    expect(await order.count()).toBe(1);
    expect(await order.textContent()).toContain('3 × Hujan Bulan Juni');
    const orderId = await order.getAttribute('data-order-id');
    await order.getByRole('button', { name: /Mark fulfilled/ }).click();
    // Fulfilled, it leaves the list of those to fulfil; with every order shown, it says so.
    await page.getByText('Nothing left to fulfil.').waitFor();
    expect((await shop.api.get(`/api/orders/${orderId}`, { token: people.member.accessToken })).body.status).toBe('fulfilled');
    await page.getByLabel('Only those to fulfil').uncheck();
    expect(await order.textContent()).toContain('Fulfilled');
    await context.close();
  });

  it('changes a role or access at once and brings the old one back with the reason when the API refuses or fails', async () => {
    const { context, page } = await signedIn(people.admin);
    await page.goto('/staff/users');
    const adminRow = page.locator(`tr[data-user-id="${people.admin.user.id}"]`);
    const adminRole = adminRow.getByTestId('user-role');
    await adminRole.waitFor();
    expect(await adminRole.inputValue()).toBe('admin');

    // Held until the page has shown the change: the API then refuses it (an admin cannot demote themself).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/api/users/${people.admin.user.id}`, async (route) => {
      await held;
      await route.continue();
    });
    await adminRole.selectOption('member');
    await adminRow.getByTestId('user-saving').waitFor();
    expect(await adminRole.inputValue()).toBe('member');
    release();
    const alert = page.getByTestId('users-rolled-back');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('is back to Admin');
    expect(await alert.textContent()).toContain('You cannot disable or demote your own account');
    expect(await adminRole.inputValue()).toBe('admin');
    expect(await adminRow.getByTestId('user-saving').count()).toBe(0);
    expect((await shop.api.get(`/api/users/me`, { token: people.admin.accessToken })).body.role).toBe('admin');

    // Disabling a member while the API fails: the box is cleared again and the page says why.
    await page.route(`**/api/users/${people.member.user.id}`, (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          status: 500,
          code: 'INTERNAL_ERROR',
          title: 'Internal error',
          detail: 'An unexpected error occurred; it has been logged',
        }),
      }),
    );
    const memberDisabled = page.locator(`tr[data-user-id="${people.member.user.id}"]`).getByTestId('user-disabled');
    await memberDisabled.click();
    await expect.poll(async () => alert.textContent()).toContain('was not disabled: An unexpected error occurred');
    expect(await memberDisabled.isChecked()).toBe(false);
    await page.unroute(`**/api/users/${people.member.user.id}`);

    // A change the API takes stays, and is there after a reload.
    const memberRole = page.locator(`tr[data-user-id="${people.member.user.id}"]`).getByTestId('user-role');
    await memberRole.selectOption('staff');
    await expect
      .poll(
        async () =>
          (await shop.api.get(`/api/users?email=${encodeURIComponent(people.member.user.email)}`, { token: people.admin.accessToken })).body.items[0].role,
      )
      .toBe('staff');
    await page.reload();
    await memberRole.waitFor();
    expect(await memberRole.inputValue()).toBe('staff');
    await memberRole.selectOption('member');
    await expect
      .poll(
        async () =>
          (await shop.api.get(`/api/users?email=${encodeURIComponent(people.member.user.email)}`, { token: people.admin.accessToken })).body.items[0].role,
      )
      .toBe('member');
    await context.close();
  });

  it('lays out an event seat by seat, blocks a seat in the preview, publishes it and calls it off', async () => {
    const { context, page } = await signedIn(people.staff);
    await page.goto('/staff/events');
    await page.getByTestId('event-new').click();
    const panel = page.getByTestId('event-panel');
    await panel.getByLabel('Title').fill('Malam Puisi Chairil');
    await panel.getByLabel('Venue').fill('Pustaka, lantai 2');
    await panel.getByTestId('section-0-name').fill('Depan');
    await panel.getByTestId('section-0-rows').fill('A-C');
    await panel.getByTestId('section-0-seatsPerRow').fill('8');
    await panel.getByTestId('section-0-price').fill('50000');
    await panel.getByRole('button', { name: 'Add a section' }).click();
    await panel.getByTestId('section-1-name').fill('Belakang');
    // A row already in the first section is refused before anything is sent.
    await panel.getByTestId('section-1-rows').fill('C-D');
    await panel.getByText('Row C is already in section 1.').waitFor();
    await panel.getByTestId('section-1-rows').fill('D-E');
    await panel.getByTestId('section-1-price').fill('35000');
    expect(await panel.getByTestId('layout-count').textContent()).toContain('40 seats: 40 for sale, 0 blocked.');
    await panel.getByRole('button', { name: 'Row B, seat 4', exact: true }).click();
    expect(await panel.getByRole('button', { name: 'Row B, seat 4, blocked' }).getAttribute('aria-pressed')).toBe('true');
    expect(await panel.getByTestId('layout-count').textContent()).toContain('40 seats: 39 for sale, 1 blocked.');
    await screenshot(page, 'staff-event-editor-desktop');
    await panel.getByTestId('event-save').click();
    await page.waitForURL(/status=draft/);

    const draft = page.getByTestId('staff-events').locator('li', { hasText: 'Malam Puisi Chairil' });
    await draft.waitFor();
    const listed = await shop.api.get('/api/events?status=draft', { token: people.staff.accessToken });
    const event = listed.body.items.find((item: { title: string }) => item.title === 'Malam Puisi Chairil');
    expect(event.capacity).toBe(39);
    expect(event.seating.blocked).toEqual(['B-4']);
    expect(event.seating.sections.map((section: { name: string; rows: string[]; price: number }) => [section.name, section.rows, section.price])).toEqual([
      ['Depan', ['A', 'B', 'C'], 50_000],
      ['Belakang', ['D', 'E'], 35_000],
    ]);
    await draft.getByRole('button', { name: /Publish/ }).click();
    await expect.poll(async () => (await shop.api.get(`/api/events/${event.id}`)).body.status).toBe('published');

    // Called off after a yes to the question, on the published tab.
    await page.getByRole('navigation', { name: 'Events by status' }).getByRole('link', { name: 'Published' }).click();
    const published = page.getByTestId('staff-events').locator('li', { hasText: 'Malam Puisi Chairil' });
    page.once('dialog', (dialog) => void dialog.accept());
    await published.getByRole('button', { name: /Call off/ }).click();
    await expect.poll(async () => (await shop.api.get(`/api/events/${event.id}`, { token: people.staff.accessToken })).body.status).toBe('cancelled');
    await context.close();
  });

  it('lists a dead letter for replay and says when the API no longer has it', async () => {
    const { context, page } = await signedIn(people.admin);
    // No consumer here gives up on anything on its own: the catalog's list carries one letter,
    // whose replay the real API then answers (it has no such letter).
    const letter = {
      id: '7b0c8f8e-1c1e-4c43-9d3c-2f6a1f0d9a11',
      consumerId: 'catalog.order-events',
      eventId: '0c5b3e8a-8a55-4a5e-9f0e-6c3d5a9b7e21',
      type: 'order.placed',
      error: 'stock row locked for too long',
      attempts: 5,
      failedAt: new Date().toISOString(),
      envelope: { type: 'order.placed', payload: { orderId: 'x' } },
    };
    await page.route('**/api/ops/dead-letters/catalog?*', (route) => route.fulfill({ json: { items: [letter] } }));
    await page.goto('/staff/dead-letters');
    const catalog = page.locator('[data-service="catalog"]');
    await catalog.getByText('stock row locked for too long').waitFor();
    expect(await page.locator('[data-service="ticketing"]').textContent()).toContain('None.');
    await catalog.getByRole('button', { name: /Replay/ }).click();
    expect(await page.getByRole('alert').textContent()).toContain('order.placed could not be replayed: No such dead letter');
    // Sent back (the API's 202): it leaves the list.
    await page.route(`**/api/ops/dead-letters/catalog/${letter.id}/replay`, (route) => route.fulfill({ status: 202, json: { replayed: true } }));
    await catalog.getByRole('button', { name: /Replay/ }).click();
    await catalog.getByText('None.').waitFor();
    await context.close();
  });

  it('sends a visitor to sign in, and tells a member, and staff on admin pages, that they lack the role', async () => {
    const anonymous = await newVisitor(browser, shop.url);
    await anonymous.page.goto('/staff/books');
    await anonymous.page.waitForURL(/\/sign-in\?next=(%2F|\/)staff(%2F|\/)books/, { waitUntil: 'commit' });
    await anonymous.context.close();

    const member = await signedIn(people.member);
    await member.page.goto('/staff');
    expect(await member.page.getByTestId('staff-forbidden').textContent()).toContain('for the shop’s staff');
    await member.context.close();

    const staff = await signedIn(people.staff);
    await staff.page.goto('/staff/users');
    expect(await staff.page.getByTestId('staff-forbidden').textContent()).toContain('This page is for admins');
    expect(await staff.page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Users' }).count()).toBe(0);
    await staff.context.close();
  });

  /** Every staff page as an admin sees it, saved as a screenshot, with axe's serious and critical findings. */
  async function auditStaffPages(device: typeof DESKTOP | typeof PHONE, name: string) {
    const { context, page } = await signedIn(people.admin, device);
    const findings: string[] = [];
    const audit = async (label: string) => {
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const violation of violations) {
        if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
        findings.push(`${label} (${name}): ${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      }
    };
    for (const [path, ready] of Object.entries(STAFF_PAGES)) {
      await page.goto(path);
      await page.locator(ready).first().waitFor();
      await screenshot(page, `staff${path.slice('/staff'.length).replaceAll('/', '-') || '-dashboard'}-${name}`);
      await audit(path);
    }
    // The forms too: a book's and an event's with its seat layout.
    await page.goto('/staff/books');
    await page.getByRole('button', { name: 'Add a book' }).click();
    await page.getByTestId('book-panel').waitFor();
    await screenshot(page, `staff-book-form-${name}`);
    await audit('book form');
    await page.goto('/staff/events');
    await page.getByTestId('event-new').click();
    await page.getByTestId('layout-preview').waitFor();
    await screenshot(page, `staff-event-form-${name}`);
    await audit('event form');
    await context.close();
    return findings;
  }

  it('has no serious or critical accessibility violations on any staff page on a desktop', async () => {
    expect(await auditStaffPages(DESKTOP, 'desktop')).toEqual([]);
  }, 90_000);

  it('has no serious or critical accessibility violations on any staff page on a phone', async () => {
    expect(await auditStaffPages(PHONE, 'phone')).toEqual([]);
  }, 90_000);
});
