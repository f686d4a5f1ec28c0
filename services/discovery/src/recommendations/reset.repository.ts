import type { DiscoveryDb } from '../discovery.tables.ts';

/**
 * Deletes every row of the recommendations and makes the windows end on `today`, taking locks in
 * the order the consumer and the windows' job take them (orders, the windows' day, sales, then
 * bookings), so it waits for them rather than deadlocking with them. Row by row, not `truncate`:
 * readers keep answering from what was there until the caller's transaction commits.
 */
export async function clearRecommendations(db: DiscoveryDb, today: string): Promise<void> {
  await db.deleteFrom('purchase_orders').execute();
  await db.updateTable('sales_windows').set({ today }).execute();
  for (const table of [
    'book_sales',
    'book_sales_days',
    'book_sales_windows',
    'book_pairs',
    'member_books',
    'booking_states',
    'member_events',
    'event_pairs',
  ] as const) {
    await db.deleteFrom(table).execute();
  }
}
