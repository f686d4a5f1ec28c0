import type { Migration } from '@pustaka/kit/db';
import { busMigration } from '@pustaka/kit/bus';
import { rollups } from './0001-rollups.ts';

/** Every analytics migration, applied in key order; never rename or reorder a key once shipped. */
export const migrations: Record<string, Migration> = {
  '0001_rollups': rollups,
  // The inbox and dead letters: each consumed event applied exactly once.
  '0002_outbox_inbox': busMigration,
};
