import { AppError } from '@pustaka/kit/errors';
import { sql } from '@pustaka/kit/db';
import type { TicketingContext } from '../ticketing-context.ts';
import type { TicketingDb } from '../ticketing.tables.ts';
import { countTakenPlaces } from './holds.repository.ts';

/**
 * Takes a member's lock on an event until the transaction ends, so two requests of one member
 * (holds, seat changes) take turns and cannot both pass the allowance check on the same count.
 * Taken before any other lock, so it never joins a lock cycle.
 */
export async function lockMemberOnEvent(db: TicketingDb, eventId: string, userId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`ticketing:${eventId}:${userId}`}, 0))`.execute(db);
}

/**
 * Refuses `adding` more seats when the member would then hold or have booked more than
 * MAX_SEATS_PER_MEMBER of the event (unexpired holds and confirmed bookings together). Call it
 * under `lockMemberOnEvent`.
 */
export async function assertWithinAllowance(ctx: TicketingContext, db: TicketingDb, eventId: string, userId: string, adding: number, now: Date): Promise<void> {
  if (adding <= 0) return;
  const { held, booked } = await countTakenPlaces(db, eventId, now, userId);
  const limit = ctx.settings.maxSeatsPerMember;
  if (held + booked + adding > limit) {
    throw new AppError('conflict', 'HOLD_LIMIT_EXCEEDED', `A member may hold or book at most ${limit} seats of one event`, {
      extensions: { limit, held, booked, requested: adding },
    });
  }
}
