import type { Caller } from '@pustaka/kit/auth';
import type { DiscoveryContext } from '../discovery-context.ts';
import { recommendedBook, recommendedEvent } from './recommendation-cards.ts';
import { Picks } from './recommendation-picks.ts';
import { findMemberSeeds, findNeighbourBooks, findPopularBooks } from './recommended-books.repository.ts';
import { findCoBookedEvents, findMemberEventSeeds, findUpcomingEvents } from './recommended-events.repository.ts';
import type { MemberRecommendations, RecommendationsQuery, RecommendedBook, RecommendedEvent } from './recommendations.schema.ts';

/** How many of the books (events) most often bought (booked) with each seed are read. */
const NEIGHBOURS_PER_SEED = 10;

/**
 * Books and events for the signed-in member, from their own orders and bookings only (each
 * answer reads at most `DISCOVERY_FOR_ME_SEEDS` of their books and of their events, and
 * `NEIGHBOURS_PER_SEED` pairs of each), up to `limit` of each.
 */
export async function recommendationsForMember(ctx: DiscoveryContext, caller: Caller, query: RecommendationsQuery): Promise<MemberRecommendations> {
  const limit = query.limit ?? 10;
  const [books, events] = await Promise.all([booksForMember(ctx, caller.id, limit), eventsForMember(ctx, caller.id, limit)]);
  return { books, events };
}

/**
 * The books bought with theirs, weighted by how recently and often they bought each (their most
 * recent one counting 1), that they have not bought; then the best sellers of their books'
 * categories and of the shop that they have not bought.
 */
async function booksForMember(ctx: DiscoveryContext, userId: string, limit: number): Promise<RecommendedBook[]> {
  const seeds = await findMemberSeeds(ctx.db, userId, ctx.settings.DISCOVERY_FOR_ME_SEEDS);
  const picks = new Picks<RecommendedBook>(limit, []);
  const notBoughtBy = seeds.length > 0 ? userId : undefined;
  if (seeds.length > 0) {
    const top = seeds[0]!.score;
    const weighted = seeds.map((seed) => ({ bookId: seed.book_id, weight: top > 0 ? seed.score / top : 1 }));
    const neighbours = await findNeighbourBooks(ctx.db, weighted, userId, { perSeed: NEIGHBOURS_PER_SEED, limit });
    picks.add(neighbours.map((row) => recommendedBook(row, 'bought-together')));
  }
  const categoryIds = [...new Set(seeds.flatMap((seed) => (seed.category_id === null ? [] : [seed.category_id])))];
  if (!picks.full && categoryIds.length > 0) {
    const popular = await findPopularBooks(ctx.db, { categoryIds, inStockOnly: true, excludeIds: picks.takenIds, notBoughtBy, limit: picks.room });
    picks.add(popular.map((row) => recommendedBook(row, 'popular-in-category')));
  }
  if (!picks.full) {
    const popular = await findPopularBooks(ctx.db, { inStockOnly: true, excludeIds: picks.takenIds, notBoughtBy, limit: picks.room });
    picks.add(popular.map((row) => recommendedBook(row, 'popular')));
  }
  return picks.items;
}

/**
 * The events still to come that members who booked theirs booked too, that they have not
 * booked; then the next events they have not booked, soonest first.
 */
async function eventsForMember(ctx: DiscoveryContext, userId: string, limit: number): Promise<RecommendedEvent[]> {
  const now = ctx.now();
  const seeds = await findMemberEventSeeds(ctx.db, userId, ctx.settings.DISCOVERY_FOR_ME_SEEDS);
  const picks = new Picks<RecommendedEvent>(limit, []);
  if (seeds.length > 0) {
    const coBooked = await findCoBookedEvents(ctx.db, seeds, userId, now, { perSeed: NEIGHBOURS_PER_SEED, limit });
    picks.add(coBooked.map((row) => recommendedEvent(row, 'co-booked')));
  }
  if (!picks.full) {
    const upcoming = await findUpcomingEvents(ctx.db, {
      now,
      excludeIds: picks.takenIds,
      notBookedBy: seeds.length > 0 ? userId : undefined,
      limit: picks.room,
    });
    picks.add(upcoming.map((row) => recommendedEvent(row, 'upcoming')));
  }
  return picks.items;
}
