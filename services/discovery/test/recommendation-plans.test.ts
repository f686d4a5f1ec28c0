import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest, newId } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import { describeService, platformDepsFor } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { discoverySettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { createDiscoveryContext } from '../src/discovery-context.ts';
import type { DiscoveryTables } from '../src/discovery.tables.ts';
import { ensureDocument, setBookContentIfNewer, setEventContentIfNewer, setStockIfNewer } from '../src/index/documents.repository.ts';
import { applyConfirmedBookings } from '../src/recommendations/bookings.service.ts';
import { applyPlacedOrders } from '../src/recommendations/purchases.service.ts';
import {
  findBoughtTogether,
  findMemberSeeds,
  findNeighbourBooks,
  findNewestBooks,
  findPopularBooks,
} from '../src/recommendations/recommended-books.repository.ts';
import { findCoBookedEvents, findMemberEventSeeds, findUpcomingEvents } from '../src/recommendations/recommended-events.repository.ts';
import { plansOf } from './query-plans.ts';

const BOOKS = 3_000;
const CATEGORIES = 10;
const MEMBERS = 400;
const ORDERS = 6_000;
const EVENTS = 300;
const BOOKINGS = 3_000;
const DAY_MS = 86_400_000;

/** Discovery's schema holding a few thousand books, orders and bookings, put in as the consumer puts them, analysed. */
async function startShopOfThousands(storage: TestStorage) {
  await migrateToLatest(storage.database, 'discovery', migrations);
  const ctx = createDiscoveryContext(platformDepsFor(storage), discoverySettings());
  // Park–Miller: its products stay exact in a double.
  let state = 11;
  const next = (n: number) => ((state = (state * 48_271) % 2_147_483_647), state % n);
  const categories = Array.from({ length: CATEGORIES }, () => newId());
  const books = Array.from({ length: BOOKS }, () => newId());
  const members = Array.from({ length: MEMBERS }, () => newId());
  const events = Array.from({ length: EVENTS }, () => newId());
  const now = new Date();
  await ctx.db.transaction().execute(async (trx) => {
    for (const [n, id] of books.entries()) {
      await ensureDocument(trx, id, 'book', now);
      const fields = { categoryId: categories[n % CATEGORIES]!, publicationYear: 2000, isbn: '9780000000000', price: 1000, currency: 'IDR' };
      await setBookContentIfNewer(trx, id, newId(), { title: `Book ${n}`, people: ['A. Writer'], body: '', categoryName: 'Shelf' }, fields, now);
      await setStockIfNewer(trx, id, newId(), n % 10 === 0 ? 0 : 5, now);
    }
    for (const [n, id] of events.entries()) {
      const startsAt = new Date(now.getTime() + (n - EVENTS / 2) * DAY_MS);
      await ensureDocument(trx, id, 'event', now);
      const fields = { venue: 'Hall', startsAt, endsAt: startsAt, timezone: 'Asia/Jakarta', price: 1000, currency: 'IDR' };
      await setEventContentIfNewer(trx, id, newId(), { title: `Event ${n}`, people: [], body: '', categoryName: null }, fields, now);
    }
    const orders = Array.from({ length: ORDERS }, () => ({
      orderId: newId(),
      userId: members[next(MEMBERS)]!,
      placedAt: new Date(now.getTime() - next(120) * DAY_MS),
      items: Array.from({ length: 1 + next(4) }, () => ({ bookId: books[next(BOOKS)]!, quantity: 1 + next(2) })),
    }));
    await applyPlacedOrders(ctx, trx, orders);
    const bookings = Array.from({ length: BOOKINGS }, () => ({ bookingId: newId(), userId: members[next(MEMBERS)]!, eventId: events[next(EVENTS)]! }));
    await applyConfirmedBookings(trx, bookings);
  });
  await sql`analyze`.execute(storage.database.root);
  const busiest = await ctx.db
    .selectFrom('member_books')
    .select('user_id')
    .groupBy('user_id')
    .orderBy(sql`count(*)`, 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { db: ctx.db, categories, books, events, member: busiest.user_id, now };
}

describeService('the recommendation queries read one index range each, on a few thousand books', startShopOfThousands, (sut) => {
  let plans: (run: (db: Kysely<DiscoveryTables>) => Promise<unknown>) => Promise<string>;

  beforeAll(() => {
    plans = (run) => plansOf(sut.db, run);
  });

  it('reads popular books down the score indexes, all time and per window', async () => {
    const everything = { inStockOnly: true, excludeIds: [], limit: 10 };
    expect(await plans((db) => findPopularBooks(db, everything))).toContain('book_sales_score_idx');
    expect(await plans((db) => findPopularBooks(db, { ...everything, window: 30 }))).toContain('book_sales_windows_score_idx');
    const ofCategory = await plans((db) => findPopularBooks(db, { ...everything, categoryIds: [sut.categories[0]!], notBoughtBy: sut.member }));
    expect(ofCategory).toContain('book_sales_score_idx');
  });

  it("reads a book's pairs, and a category's newest books, through their indexes", async () => {
    expect(await plans((db) => findBoughtTogether(db, sut.books[1]!, 10))).toContain('book_pairs_orders_idx');
    // A category of a tenth of the shop is found walking the newest books; a small one, through its index.
    const newest = await plans((db) => findNewestBooks(db, { categoryId: sut.categories[1]!, excludeIds: [sut.books[1]!], limit: 10 }));
    expect(newest).toMatch(/Index Scan.* using (documents_book_category_idx|documents_pkey)/);
    expect(newest).not.toContain('Seq Scan');
  });

  it("reads a member's books and their neighbours through their indexes", async () => {
    expect(await plans((db) => findMemberSeeds(db, sut.member, 20))).toContain('member_books_score_idx');
    const seeds = (await findMemberSeeds(sut.db, sut.member, 20)).map((seed) => ({ bookId: seed.book_id, weight: 1 }));
    const neighbours = await plans((db) => findNeighbourBooks(db, seeds, sut.member, { perSeed: 20, limit: 10 }));
    expect(neighbours).toContain('book_pairs_orders_idx');
    expect(neighbours).toContain('member_books_pkey');
  });

  it("reads a member's events, the events booked with them and the next ones through their indexes", async () => {
    expect(await plans((db) => findMemberEventSeeds(db, sut.member, 20))).toContain('member_events_pkey');
    const seeds = await findMemberEventSeeds(sut.db, sut.member, 20);
    expect(await plans((db) => findCoBookedEvents(db, seeds, sut.member, sut.now, { perSeed: 20, limit: 10 }))).toMatch(/event_pairs_(members_idx|pkey)/);
    expect(await plans((db) => findUpcomingEvents(db, { now: sut.now, excludeIds: [], notBookedBy: sut.member, limit: 10 }))).toContain(
      'documents_event_starts_idx',
    );
  });
});
