import type { Migration } from '@pustaka/kit/db';
import { busMigration } from '@pustaka/kit/bus';
import { rollups } from './0001-rollups.ts';
import { rebuilds } from './0003-rebuilds.ts';

/** Every analytics migration, applied in key order; never rename or reorder a key once shipped. */
export const migrations: Record<string, Migration> = {
  '0001_rollups': rollups,
  // The inbox and dead letters: each consumed event applied exactly once.
  '0002_outbox_inbox': busMigration,
  // The runs of rebuilding the rollups from the owners.
  '0003_rebuilds': rebuilds,
};
