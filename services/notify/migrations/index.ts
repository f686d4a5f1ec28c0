import type { Migration } from '@pustaka/kit/db';
import { busMigration } from '@pustaka/kit/bus';
import { items } from './0001-items.ts';

/** Every notify migration, applied in key order; never rename or reorder a key once shipped. */
export const migrations: Record<string, Migration> = {
  '0001_items': items,
  // The outbox, inbox and dead letters: events recorded and consumed exactly once.
  '0002_outbox_inbox': busMigration,
};
