import { randomUUID } from 'node:crypto';
import { newEvent } from '@pustaka/kit/bus';
import type { EventEnvelope } from '@pustaka/kit/bus';

/** The made-up history of a shop: its raw facts (what the truth is computed from) and the events that tell them. */
export interface ShopHistory {
  /** Every event, in the order recorded (ids increase along it). */
  recorded: EventEnvelope<any>[];
  /** The order the consumer gets them in: cancellations before their placements, a book's creation after its sales, redeliveries. */
  delivered: EventEnvelope<any>[];
  categories: Array<{ id: string; name: string }>;
  /** Ids of the books whose creation is delivered after their sales. */
  lateBookIds: string[];
  lastInstant: Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A shop of `orders` orders over `days` days from `start` (an instant), with a few thousand lines,
 * cancellations (a fifth, many across Jakarta's midnight, 17:00 UTC), fulfilments, orders in
 * another currency, a book moved to another category half-way, ticketed events with bookings that
 * are changed and cancelled, stock movements, and renamed customers. Deterministic for a seed.
 */
export function makeShopHistory(options: { start: Date; days: number; orders: number; seed: number }): ShopHistory {
  let state = options.seed;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const facts: Array<{ at: number; type: string; payload: unknown }> = [];
  const fact = (at: number, type: string, payload: unknown) => facts.push({ at, type, payload });
  const t0 = options.start.getTime();
  const end = t0 + options.days * DAY;

  const categories = ['Sastra', 'Sejarah', 'Anak', 'Sains'].map((name) => ({ id: randomUUID(), name }));
  const books = Array.from({ length: 30 }, (_, n) => ({
    id: randomUUID(),
    title: `Buku ${n}`,
    categoryId: categories[n % categories.length]!.id,
    // A few best sellers, so the top lists have a head and a long tail.
    price: n < 3 ? 150_000 : 20_000 + n * 3_000,
    weight: n < 3 ? 8 : n < 10 ? 3 : 1,
  }));
  const weighted = books.flatMap((book) => Array.from({ length: book.weight }, () => book));
  const late = [books[7]!];
  const bookEvent = (at: number, type: string, book: (typeof books)[number], stock: number) =>
    fact(at, type, {
      bookId: book.id,
      title: book.title,
      authors: ['Penulis'],
      isbn: '9786020000000',
      synopsis: '',
      publicationYear: 2020,
      categoryId: book.categoryId,
      categoryName: categories.find((category) => category.id === book.categoryId)!.name,
      price: book.price,
      currency: 'IDR',
      stock,
      lowStockThreshold: 3,
      updatedAt: new Date(at).toISOString(),
    });
  for (const book of books) bookEvent(t0 - DAY, 'book.created', book, 100);

  const customers = Array.from({ length: 25 }, (_, n) => ({ id: randomUUID(), name: `Pelanggan ${n}` }));
  for (const customer of customers) fact(t0 - DAY, 'user.registered', { userId: customer.id, email: `c${customer.name}@shop.test`, name: customer.name });

  for (let n = 0; n < options.orders; n++) {
    // One in eight orders falls within half an hour of Jakarta's midnight.
    const dayStart = t0 + Math.floor(random() * options.days) * DAY;
    const placedAt = random() < 0.125 ? dayStart + 17 * HOUR + (random() - 0.5) * HOUR : dayStart + random() * DAY;
    const chosen = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(weighted)))];
    const items = chosen.map((book) => ({ bookId: book.id, title: book.title, quantity: 1 + Math.floor(random() * 3), unitPrice: book.price }));
    const total = items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
    const customer = pick(customers);
    const orderId = randomUUID();
    const currency = random() < 0.04 ? 'USD' : 'IDR';
    fact(placedAt, 'order.placed', { orderId, userId: customer.id, items, total, currency, placedAt: new Date(placedAt).toISOString() });
    const roll = random();
    if (roll < 0.2) {
      // Many a cancellation comes minutes later, across midnight; others days later.
      const after = random() < 0.5 ? 10 * 60_000 + random() * 2 * HOUR : random() * 3 * DAY;
      fact(Math.min(placedAt + after, end), 'order.cancelled', {
        orderId,
        userId: customer.id,
        items: items.map(({ bookId, quantity }) => ({ bookId, quantity })),
        reason: 'buyer',
      });
    } else if (roll < 0.5) {
      fact(Math.min(placedAt + DAY + random() * DAY, end), 'order.fulfilled', { orderId, userId: customer.id });
    }
  }

  // Half-way, a book moves to another shelf: its later sales count there, its earlier ones stay.
  const moved = books[4]!;
  const movedAt = t0 + (options.days / 2) * DAY;
  moved.categoryId = categories[(categories.findIndex((category) => category.id === moved.categoryId) + 1) % categories.length]!.id;
  bookEvent(movedAt, 'book.updated', moved, 80);

  for (const [n, customer] of customers.slice(0, 5).entries()) {
    fact(t0 + (n + 1) * 5 * DAY, 'user.updated', { userId: customer.id, name: `${customer.name} (baru)`, role: 'member', disabled: false });
  }

  for (const book of books) {
    let stock = 100;
    const times = Array.from({ length: 6 }, () => t0 + random() * (options.days - 1) * DAY).sort((a, b) => a - b);
    for (const [move, at] of times.entries()) {
      // The last movement of the rarely sold books brings them down to 0..4: some end below their threshold (3).
      const delta = move === 5 && book.weight === 1 ? Math.floor(random() * 5) - stock : random() < 0.5 ? 20 : -Math.floor(random() * 15);
      stock = Math.max(0, stock + delta);
      fact(move === 5 ? end - HOUR : at, 'stock.changed', { bookId: book.id, stock, delta, reason: delta > 0 ? 'restock' : 'correction' });
    }
  }

  const ticketed = [
    { id: randomUUID(), title: 'Bedah buku', capacity: 50 },
    { id: randomUUID(), title: 'Lokakarya menulis', capacity: 40 },
  ];
  for (const event of ticketed) {
    fact(t0 - DAY, 'event.published', {
      eventId: event.id,
      title: event.title,
      description: '',
      venue: 'Aula',
      startsAt: new Date(end + 10 * DAY).toISOString(),
      endsAt: new Date(end + 10 * DAY + 2 * HOUR).toISOString(),
      timezone: 'Asia/Jakarta',
      salesOpenAt: null,
      kind: 'general',
      capacity: event.capacity,
      priceFrom: 50_000,
      currency: 'IDR',
    });
  }
  for (let n = 0; n < 60; n++) {
    const event = pick(ticketed);
    const customer = pick(customers);
    const confirmedAt = t0 + random() * options.days * DAY;
    const seats = 1 + Math.floor(random() * 3);
    const currency = n % 20 === 7 ? 'USD' : 'IDR';
    const base = { bookingId: randomUUID(), code: `B${n}`, eventId: event.id, userId: customer.id, seatIds: [], currency };
    fact(confirmedAt, 'booking.confirmed', { ...base, quantity: seats, total: seats * 50_000, confirmedAt: new Date(confirmedAt).toISOString() });
    let current = seats;
    if (random() < 0.25) {
      current = seats === 1 ? 2 : seats - 1;
      fact(Math.min(confirmedAt + random() * 2 * DAY, end), 'booking.changed', {
        ...base,
        quantity: current,
        total: current * 50_000,
        previousSeatIds: [],
        sequence: 1,
      });
    }
    if (random() < 0.15) {
      fact(Math.min(confirmedAt + 2 * DAY + random() * DAY, end), 'booking.cancelled', {
        ...base,
        quantity: current,
        total: current * 50_000,
        reason: 'member',
      });
    }
  }

  facts.sort((a, b) => a.at - b.at);
  const recorded = facts.map((each) => newEvent<any>(each.type, each.payload, { now: new Date(each.at) }));
  const lateIds = new Set(late.map((book) => book.id));
  const isLate = (event: EventEnvelope<any>) => event.type === 'book.created' && lateIds.has(event.payload.bookId);
  // Forty cancellations each come just before their placement; the late books' creation comes last.
  const early = new Set<EventEnvelope<any>>(recorded.filter((event) => event.type === 'order.cancelled').slice(0, 40));
  const delivered: EventEnvelope<any>[] = [];
  for (const event of recorded) {
    if (early.has(event) || isLate(event)) continue;
    if (event.type === 'order.placed') for (const cancel of early) if (cancel.payload.orderId === event.payload.orderId) delivered.push(cancel);
    delivered.push(event);
  }
  delivered.push(...recorded.filter(isLate));
  return { recorded, delivered, categories, lateBookIds: [...lateIds], lastInstant: new Date(end) };
}
