import type { Migration } from '@pustaka/kit/db';
import { busMigration } from '@pustaka/kit/bus';
import { inbox } from './0001-inbox.ts';

/** Every notify migration, applied in key order; never rename or reorder a key once shipped. */
export const migrations: Record<string, Migration> = {
  '0001_inbox': inbox,
  // The outbox, inbox and dead letters: events recorded and consumed exactly once.
  '0002_outbox_inbox': busMigration,
};
