import { createHash, randomBytes } from 'node:crypto';
import { assertOwnerOrRole } from '@pustaka/kit/auth';
import type { Caller } from '@pustaka/kit/auth';
import { AppError } from '@pustaka/kit/errors';
import type { TicketingContext } from '../ticketing-context.ts';
import type { TicketingDb } from '../ticketing.tables.ts';
import { STAFF } from '../staff.ts';
import { bookingNotFound } from '../bookings/booking.ts';
import { findCalendarBooking, listCalendarBookingsOfUser } from '../bookings/calendar-bookings.repository.ts';
import { renderCalendar } from '../calendar/index.ts';
import { deleteCalendarToken, findCalendarTokenOwner, saveCalendarToken } from './calendar-tokens.repository.ts';

const FEED_NAME = 'Pustaka bookings';
/** A feed covers events that ended at most this long ago, and at most this many bookings. */
const FEED_PAST_DAYS = 365;
const FEED_MAX_BOOKINGS = 500;

/** The token is the feed's only credential: 256 random bits, url-safe, never stored as such. */
function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: a leaked table does not give anyone a working feed URL. */
function hashOfFeedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Issues the caller a new feed URL; the previous one, if any, stops working at once. The token is
 * shown this once only.
 *
 * @example
 *   await issueCalendarFeed(ctx, caller); // { feedUrl: 'https://shop.example.com/api/calendar/3q2-....ics' } (PUBLIC_BASE_URL)
 */
export async function issueCalendarFeed(ctx: TicketingContext, caller: Caller): Promise<{ feedUrl: string }> {
  const token = newFeedToken();
  await saveCalendarToken(ctx.db, { userId: caller.id, tokenHash: hashOfFeedToken(token), createdAt: ctx.now() });
  return { feedUrl: `${ctx.settings.publicBaseUrl}/api/calendar/${token}.ics` };
}

/**
 * A disabled member's feed stops answering at once (it would otherwise serve their bookings for as
 * long as a calendar app polls it); enabling them again does not bring it back: they ask for a new one.
 */
export async function stopFeedOfDisabledMember(ctx: TicketingContext, trx: TicketingDb, member: { userId: string; disabled: boolean }): Promise<void> {
  if (!member.disabled) return;
  if (await deleteCalendarToken(trx, member.userId)) ctx.logger.info({ userId: member.userId }, 'calendar feed of a disabled member revoked');
}

/** Revokes the caller's feed URL; doing it again is harmless. */
export async function revokeCalendarFeed(ctx: TicketingContext, caller: Caller): Promise<void> {
  await deleteCalendarToken(ctx.db, caller.id);
}

/**
 * The token owner's bookings of events from the last year on (at most the newest 500), cancelled
 * ones too, so subscribers see them cancelled.
 */
export async function renderCalendarFeed(ctx: TicketingContext, token: string): Promise<string> {
  const userId = await findCalendarTokenOwner(ctx.db, hashOfFeedToken(token));
  if (!userId) throw new AppError('not_found', 'CALENDAR_FEED_NOT_FOUND', 'No calendar feed has this address; it may have been revoked');
  const since = new Date(ctx.now().getTime() - FEED_PAST_DAYS * 24 * 60 * 60 * 1000);
  const bookings = await listCalendarBookingsOfUser(ctx.db, userId, { since, limit: FEED_MAX_BOOKINGS });
  return renderCalendar(bookings, { name: FEED_NAME, now: ctx.now(), publicBaseUrl: ctx.settings.publicBaseUrl });
}

/**
 * One booking as an .ics file, for its member or staff; anyone else gets the 404 of a missing
 * booking, exactly as `GET /api/bookings/:id` answers them.
 */
export async function renderBookingCalendar(ctx: TicketingContext, caller: Caller, bookingId: string): Promise<{ code: string; ics: string }> {
  const booking = await findCalendarBooking(ctx.db, bookingId);
  if (!booking) throw bookingNotFound();
  assertOwnerOrRole(caller, booking.userId, [...STAFF], bookingNotFound);
  const ics = renderCalendar([booking], { name: `Pustaka booking ${booking.code}`, now: ctx.now(), publicBaseUrl: ctx.settings.publicBaseUrl });
  return { code: booking.code, ics };
}
