import { sql } from '@pustaka/kit/db';
import type { Kysely } from '@pustaka/kit/db';
import type { TicketingTables } from './ticketing.tables.ts';

/** The fixed time every SQL sample of ticketing runs at. */
export const sampleNow = new Date('2030-01-01T10:00:00.000Z');

export const sampleEventId = '00000000-0000-7000-8000-00000000e001';
export const sampleUserId = '00000000-0000-7000-8000-00000000d001';
export const sampleHoldId = '00000000-0000-7000-8000-00000000f001';
export const sampleBookingId = '00000000-0000-7000-8000-00000000f101';

/** The rows ticketing's SQL samples need: one published seated event (holds refer to it). */
export async function seedTicketing(db: Kysely<TicketingTables>): Promise<void> {
  await db
    .insertInto('events')
    .values({
      id: sampleEventId,
      title: 'An author talk',
      description: '',
      venue: 'The shop',
      starts_at: new Date('2030-02-01T18:00:00.000Z'),
      ends_at: new Date('2030-02-01T20:00:00.000Z'),
      timezone: 'Asia/Jakarta',
      sales_open_at: null,
      status: 'published',
      kind: 'seated',
      capacity: 2,
      currency: 'IDR',
      // Nothing the samples run reads the layout.
      seating: sql`'{}'::jsonb`,
      created_at: sampleNow,
      updated_at: sampleNow,
      published_at: sampleNow,
      cancelled_at: null,
    })
    .execute();
}
