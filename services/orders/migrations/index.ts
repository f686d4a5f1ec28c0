import type { Migration } from '@pustaka/kit/db';
import { busMigration } from '@pustaka/kit/bus';
import { ordersAndItems } from './0001-orders.ts';

/** Every orders migration, applied in key order; never rename or reorder a key once shipped. */
export const migrations: Record<string, Migration> = {
  '0001_orders': ordersAndItems,
  '0002_outbox_inbox': busMigration,
};
