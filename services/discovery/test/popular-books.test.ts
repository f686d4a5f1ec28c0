import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { rollSalesWindows } from '../src/recommendations/sales-windows.service.ts';
import { startRecommendations } from './recommendations-support.ts';
import { bookCreated, orderPlaced, stockChanged } from './shop-events.ts';

describeService('popular books rank by time-decayed sales', startRecommendations, (sut) => {
  const novels = randomUUID();
  const poems = randomUUID();
  const titleOf = new Map<string, string>();
  const buyer = randomUUID();

  async function addBook(title: string, categoryId: string, stock = 10): Promise<string> {
    const event = bookCreated({ title, categoryId, stock });
    titleOf.set(event.payload.bookId, title);
    await sut.deliver(event);
    return event.payload.bookId;
  }

  async function popularTitles(query = ''): Promise<string[]> {
    const response = await sut.api.get(`/api/recommendations/popular?${query}`);
    expect(response.status).toBe(200);
    return response.body.items.map((item: { id: string }) => titleOf.get(item.id) ?? item.id);
  }

  let steady: string;
  let recent: string;
  let soldOut: string;
  let poem: string;

  beforeAll(async () => {
    steady = await addBook('Saman', novels);
    recent = await addBook('Cantik Itu Luka', novels);
    soldOut = await addBook('Ronggeng Dukuh Paruk', novels, 0);
    poem = await addBook('Aku', poems);
  });

  it('lets recent sales weigh more: fewer copies sold lately outrank more sold long ago', async () => {
    const start = sut.clock.now();
    // 10 copies now; 60 days (two half-lives) later 3 copies, worth 12 of the first.
    await sut.deliver(orderPlaced(buyer, [[steady, 10]], start));
    expect(await popularTitles(`category=${novels}`)).toEqual(['Saman']);
    sut.clock.advanceDays(60);
    await sut.deliver(orderPlaced(buyer, [[recent, 3]], sut.clock.now()));
    expect(await popularTitles(`category=${novels}`)).toEqual(['Cantik Itu Luka', 'Saman']);
    // Two more of it dated with the first ten count at their own age: 12 + 2 against 10.
    await sut.deliver(orderPlaced(buyer, [[recent, 2]], start));
    const items = (await sut.api.get(`/api/recommendations/popular?category=${novels}`)).body.items;
    expect(items.map((item: { unitsSold: number }) => item.unitsSold)).toEqual([5, 10]);
  });

  it('ranks within the last days asked for, and refuses a window it does not keep', async () => {
    await rollSalesWindows(sut.ctx);
    expect(await popularTitles(`days=7&category=${novels}`)).toEqual(['Cantik Itu Luka']);
    // The copies dated 60 days back are in the 90-day window, beside those of today.
    const ninety = (await sut.api.get(`/api/recommendations/popular?days=90&category=${novels}`)).body;
    expect(ninety.days).toBe(90);
    expect(ninety.items.map((item: { id: string; unitsSold: number }) => [titleOf.get(item.id), item.unitsSold])).toEqual([
      ['Cantik Itu Luka', 5],
      ['Saman', 10],
    ]);
    sut.clock.advanceDays(31);
    await rollSalesWindows(sut.ctx);
    expect(await popularTitles(`days=30&category=${novels}`)).toEqual([]);
    expect(await popularTitles(`days=90&category=${novels}`)).toEqual(['Cantik Itu Luka']);
    expect((await sut.api.get('/api/recommendations/popular?days=14')).status).toBe(400);
  });

  it('leaves sold-out books out unless asked, and follows the stock', async () => {
    await sut.deliver(orderPlaced(buyer, [[soldOut, 50]], sut.clock.now()));
    expect(await popularTitles(`category=${novels}`)).not.toContain('Ronggeng Dukuh Paruk');
    expect((await popularTitles(`category=${novels}&includeOutOfStock=true`))[0]).toBe('Ronggeng Dukuh Paruk');
    const [first] = (await sut.api.get(`/api/recommendations/popular?category=${novels}&includeOutOfStock=true`)).body.items;
    expect(first.inStock).toBe(false);
    await sut.deliver(stockChanged(soldOut, 4));
    expect((await popularTitles(`category=${novels}`))[0]).toBe('Ronggeng Dukuh Paruk');
  });

  it('keeps to the category asked for, and to the limit', async () => {
    await sut.deliver(orderPlaced(buyer, [[poem, 1]], sut.clock.now()));
    expect(await popularTitles(`category=${poems}`)).toEqual(['Aku']);
    expect(await popularTitles(`category=${randomUUID()}`)).toEqual([]);
    expect(await popularTitles('limit=2')).toHaveLength(2);
    expect((await popularTitles()).slice(0, 1)).toEqual(['Ronggeng Dukuh Paruk']);
  });
});
