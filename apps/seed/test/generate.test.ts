import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isbn13Of } from '@pustaka/catalog/testing';
import { generateShop, seatsOf } from '@pustaka/seed/generate';
import type { SeedOrder, SeedShop, ShopOptions } from '@pustaka/seed/generate';

const OPTIONS: ShopOptions = { seed: 42, books: 3_000, members: 400, orders: 30_000, events: 40, until: new Date('2026-01-01T00:00:00Z') };

function digestOf(shop: SeedShop): string {
  const hash = createHash('sha256');
  const add = (value: unknown) => hash.update(JSON.stringify(value, (key, inner) => (key === 'shelf' ? undefined : inner)));
  add(shop.categories);
  add(shop.books);
  add(shop.affinityGroups);
  add(shop.members);
  add(shop.events);
  for (const order of shop.orders) add(order);
  for (const booking of shop.bookings()) add(booking);
  return hash.digest('hex');
}

describe('the shop generator', () => {
  const shop = generateShop(OPTIONS);
  const orders: SeedOrder[] = [...shop.orders];

  it('makes the same shop from the same seed, and another from another seed', () => {
    const digest = digestOf(shop);
    expect(digestOf(generateShop(OPTIONS))).toBe(digest);
    expect(digestOf(generateShop({ ...OPTIONS, seed: 43 }))).not.toBe(digest);
  });

  it('makes as many of everything as asked, with unique ids, titles, ISBNs and emails', () => {
    expect([shop.books.length, shop.members.length, orders.length, shop.events.length]).toEqual([3_000, 400, 30_000, 40]);
    const unique = (values: string[]) => new Set(values).size;
    expect(unique(shop.books.map((book) => book.id))).toBe(3_000);
    expect(unique(shop.books.map((book) => book.title.toLowerCase()))).toBe(3_000);
    expect(unique(shop.books.map((book) => book.isbn))).toBe(3_000);
    expect(unique(shop.members.map((member) => member.email))).toBe(400);
    expect(unique(orders.map((order) => order.id))).toBe(30_000);
  });

  it('writes titles and authors in Indonesian and in English, with valid ISBN-13s of each language', () => {
    const indonesian = shop.books.filter((book) => book.language === 'id');
    expect(indonesian.length / shop.books.length).toBeGreaterThan(0.35);
    expect(indonesian.length / shop.books.length).toBeLessThan(0.75);
    expect(indonesian.filter((book) => /\b(di|dan|yang|dari|untuk|Sejarah|Kisah)\b/.test(book.title)).length).toBeGreaterThan(indonesian.length / 4);
    const english = shop.books.filter((book) => book.language === 'en');
    expect(english.filter((book) => /\b(The|of|and|A)\b/.test(book.title)).length).toBeGreaterThan(english.length / 3);
    for (const book of shop.books) {
      const prefix = book.isbn.slice(0, book.language === 'id' ? 6 : 4);
      expect(book.language === 'id' ? ['978602', '978623'] : ['9780', '9781']).toContain(prefix);
      expect(isbn13Of(Number(book.isbn.slice(prefix.length, 12)), prefix)).toBe(book.isbn);
    }
  });

  it('never sells a unit it does not have: what is left is the initial stock less the live orders', () => {
    const sold = new Map<number, number>();
    for (const order of orders) {
      if (order.status === 'cancelled') continue;
      for (const item of order.items) sold.set(item.bookIndex, (sold.get(item.bookIndex) ?? 0) + item.quantity);
    }
    for (const book of shop.books) {
      expect(shop.orders.stockLeft(book.index)).toBe(book.initialStock - (sold.get(book.index) ?? 0));
      expect(shop.orders.stockLeft(book.index)).toBeGreaterThanOrEqual(0);
    }
  });

  it('places orders in time order, by members who had joined, for books on the shelf, over two years', () => {
    const members = new Map(shop.members.map((member) => [member.id, member]));
    for (let i = 1; i < orders.length; i++) expect(orders[i]!.createdAt >= orders[i - 1]!.createdAt).toBe(true);
    for (const order of orders) {
      expect(members.get(order.userId)!.createdAt <= order.createdAt).toBe(true);
      expect(order.updatedAt >= order.createdAt).toBe(true);
      for (const item of order.items) expect(shop.books[item.bookIndex]!.createdAt <= order.createdAt).toBe(true);
      expect(order.total).toBe(order.items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0));
    }
    expect(orders[0]!.createdAt.getTime() - shop.window.start.getTime()).toBeLessThan(86_400_000);
    const cancelled = orders.filter((order) => order.status === 'cancelled').length / orders.length;
    expect(cancelled).toBeGreaterThan(0.02);
    expect(cancelled).toBeLessThan(0.08);
  });

  it('plants co-purchases: books of one affinity group are bought together far above chance', () => {
    const unitsOf = new Map<number, number>();
    const together = new Map<string, number>();
    for (const order of orders) {
      const indexes = order.items.map((item) => item.bookIndex).sort((a, b) => a - b);
      for (const index of indexes) unitsOf.set(index, (unitsOf.get(index) ?? 0) + 1);
      for (let i = 0; i < indexes.length; i++)
        for (let j = i + 1; j < indexes.length; j++) together.set(`${indexes[i]}:${indexes[j]}`, (together.get(`${indexes[i]}:${indexes[j]}`) ?? 0) + 1);
    }
    let observed = 0;
    let expected = 0;
    for (const group of shop.affinityGroups) {
      for (let i = 0; i < group.bookIndexes.length; i++) {
        for (let j = i + 1; j < group.bookIndexes.length; j++) {
          const [a, b] = [group.bookIndexes[i]!, group.bookIndexes[j]!];
          observed += together.get(`${a}:${b}`) ?? 0;
          expected += ((unitsOf.get(a) ?? 0) * (unitsOf.get(b) ?? 0)) / orders.length;
        }
      }
    }
    expect(observed / expected).toBeGreaterThan(20);
  });

  it('skews sales to a few popular books', () => {
    const units = new Array<number>(shop.books.length).fill(0);
    for (const order of orders) for (const item of order.items) units[item.bookIndex]! += item.quantity;
    const sorted = [...units].sort((a, b) => b - a);
    const total = sorted.reduce((sum, n) => sum + n, 0);
    const topTenth = sorted.slice(0, shop.books.length / 10).reduce((sum, n) => sum + n, 0);
    expect(topTenth / total).toBeGreaterThan(0.35);
  });

  it('books each seat at most once, never a blocked one, and general admission within capacity', () => {
    const byEvent = new Map<number, { seats: Set<string>; places: number }>();
    for (const booking of shop.bookings()) {
      const event = shop.events[booking.eventIndex]!;
      expect(event.status).not.toBe('draft');
      const taken = byEvent.get(booking.eventIndex) ?? { seats: new Set<string>(), places: 0 };
      byEvent.set(booking.eventIndex, taken);
      taken.places += booking.quantity;
      if (event.seating.kind === 'general') {
        expect(booking.seatIds).toEqual([]);
        expect(taken.places).toBeLessThanOrEqual(event.seating.capacity);
        continue;
      }
      const seats = new Map(seatsOf(event.seating).map((seat) => [seat.seatId, seat]));
      expect(booking.seatIds).toHaveLength(booking.quantity);
      for (const seatId of booking.seatIds) {
        expect(seats.get(seatId)?.blocked).toBe(false);
        expect(taken.seats.has(seatId)).toBe(false);
        taken.seats.add(seatId);
      }
      expect(booking.total).toBe(booking.seatIds.reduce((sum, seatId) => sum + seats.get(seatId)!.price, 0));
      if (event.status === 'cancelled') expect(booking.status).toBe('cancelled');
    }
    expect(byEvent.size).toBeGreaterThan(20);
  });
});
