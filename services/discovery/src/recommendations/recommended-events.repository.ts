import { sql } from '@pustaka/kit/db';
import type { ExpressionBuilder, SqlBool } from 'kysely';
import type { DiscoveryDb, DiscoveryTables, DocumentTable } from '../discovery.tables.ts';

/** An event as a recommendation shows it. */
export type EventCardRow = Pick<DocumentTable, 'id' | 'title' | 'venue' | 'starts_at' | 'ends_at' | 'timezone' | 'price' | 'currency'>;

const CARD_COLUMNS = [
  'documents.id',
  'documents.title',
  'documents.venue',
  'documents.starts_at',
  'documents.ends_at',
  'documents.timezone',
  'documents.price',
  'documents.currency',
] as const;

/** The events a member holds bookings for, the most recently created first (event ids are UUIDv7). */
export async function findMemberEventSeeds(db: DiscoveryDb, userId: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('member_events').select('event_id').where('user_id', '=', userId).orderBy('event_id', 'desc').limit(limit).execute();
  return rows.map((row) => row.event_id);
}

/**
 * The events still to come that members who booked the seed events booked too, and this member
 * has not: for each seed, its pairs are read by their count of members until `perSeed` such
 * events are found; each event scores the members it shares with the seeds, summed.
 */
export async function findCoBookedEvents(
  db: DiscoveryDb,
  seedIds: readonly string[],
  userId: string,
  now: Date,
  page: { perSeed: number; limit: number },
): Promise<Array<EventCardRow & { members: number }>> {
  const ranked = db
    .selectFrom(sql<{ event_id: string }>`(select * from unnest(${[...seedIds]}::uuid[]) as seeds (event_id))`.as('seeds'))
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('event_pairs')
          .innerJoin('documents', 'documents.id', 'event_pairs.paired_event_id')
          .select(['event_pairs.paired_event_id', 'event_pairs.members'])
          .whereRef('event_pairs.event_id', '=', 'seeds.event_id')
          .where((inner) => inner.and([upcoming(inner, now), notBookedBy(inner, userId, 'event_pairs.paired_event_id')]))
          .orderBy('event_pairs.members', 'desc')
          .orderBy('event_pairs.paired_event_id')
          .limit(page.perSeed)
          .as('near'),
      (join) => join.onTrue(),
    )
    .select(['near.paired_event_id as event_id', sql<number>`sum(near.members)::int`.as('members')])
    .groupBy('near.paired_event_id')
    .orderBy('members', 'desc')
    .orderBy('near.paired_event_id')
    .limit(page.limit);
  return db
    .selectFrom(ranked.as('ranked'))
    .innerJoin('documents', 'documents.id', 'ranked.event_id')
    .select([...CARD_COLUMNS, 'ranked.members'])
    .orderBy('ranked.members', 'desc')
    .orderBy('documents.starts_at')
    .orderBy('documents.id')
    .execute();
}

/** Events still to come, soonest first, not left out and (given a member) not booked by them. */
export async function findUpcomingEvents(
  db: DiscoveryDb,
  filter: { now: Date; excludeIds: readonly string[]; notBookedBy?: string | undefined; limit: number },
): Promise<EventCardRow[]> {
  return db
    .selectFrom('documents')
    .select(CARD_COLUMNS)
    .where((eb) => {
      const conditions = [upcoming(eb, filter.now), eb('documents.id', '<>', sql<string>`all(${[...filter.excludeIds]}::uuid[])`)];
      if (filter.notBookedBy !== undefined) conditions.push(notBookedBy(eb, filter.notBookedBy, 'documents.id'));
      return eb.and(conditions);
    })
    .orderBy('documents.starts_at')
    .orderBy('documents.id')
    .limit(filter.limit)
    .execute();
}

/** A published event that has not started (written as the partial index's predicate is). */
function upcoming(eb: ExpressionBuilder<DiscoveryTables, 'documents'>, now: Date) {
  return eb.and([sql<SqlBool>`documents.type = 'event' and documents.searchable`, eb('documents.starts_at', '>', now)]);
}

function notBookedBy(eb: ExpressionBuilder<DiscoveryTables, any>, userId: string, eventColumn: 'event_pairs.paired_event_id' | 'documents.id') {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('member_events')
        .select(sql`1`.as('booked'))
        .where('member_events.user_id', '=', userId)
        .whereRef('member_events.event_id', '=', sql.ref(eventColumn) as never),
    ),
  );
}
