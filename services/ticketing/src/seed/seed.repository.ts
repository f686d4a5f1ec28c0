import { sql } from '@pustaka/kit/db';
import type { Transaction } from '@pustaka/kit/db';
import type { TicketingTables } from '../ticketing.tables.ts';

/**
 * Holds the seeding lock until the transaction ends, so two processes starting together (replicas,
 * or the embedded app and a `seed` command) cannot both find ticketing empty and both fill it.
 */
export async function lockDemoSeed(trx: Transaction<TicketingTables>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${'pustaka.ticketing.demo-seed'}))`.execute(trx);
}
