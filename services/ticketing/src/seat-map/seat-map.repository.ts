import type { TicketingDb } from '../ticketing.tables.ts';

/** What one member has of a general-admission event: unexpired holds, confirmed bookings. */
export interface MemberPlacesRow {
  user_id: string;
  held: number;
  booked: number;
  /** When the earliest of the member's unexpired holds expires. */
  earliest_expiry: Date | null;
}

/**
 * Places of an event taken at `now`, per member: what a general-admission map shows each member
 * as theirs, and (summed) what is no longer for sale.
 */
export async function findPlacesByMember(db: TicketingDb, eventId: string, now: Date): Promise<MemberPlacesRow[]> {
  const [holds, bookings] = await Promise.all([
    db
      .selectFrom('holds')
      .select(['user_id', (eb) => eb.fn.sum<string>('quantity').as('held'), (eb) => eb.fn.min('expires_at').as('earliest_expiry')])
      .where('event_id', '=', eventId)
      .where('status', '=', 'active')
      .where('expires_at', '>', now)
      .groupBy('user_id')
      .execute(),
    db
      .selectFrom('bookings')
      .select(['user_id', (eb) => eb.fn.sum<string>('quantity').as('booked')])
      .where('event_id', '=', eventId)
      .where('status', '=', 'confirmed')
      .groupBy('user_id')
      .execute(),
  ]);
  const members = new Map<string, MemberPlacesRow>();
  const of = (userId: string) => members.get(userId) ?? members.set(userId, { user_id: userId, held: 0, booked: 0, earliest_expiry: null }).get(userId)!;
  for (const row of holds) Object.assign(of(row.user_id), { held: Number(row.held), earliest_expiry: new Date(row.earliest_expiry) });
  for (const row of bookings) of(row.user_id).booked = Number(row.booked);
  return [...members.values()];
}
