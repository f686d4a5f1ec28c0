import type { Migration } from '@pustaka/kit/db';
import { users } from './0001_users.ts';
import { signingKeys } from './0002_signing_keys.ts';
import { refreshTokens } from './0003_refresh_tokens.ts';
import { busMigration } from '@pustaka/kit/bus';

/** Applied in key order; a released migration is never edited, only followed by a new one. */
export const migrations: Record<string, Migration> = {
  '0001_users': users,
  '0002_signing_keys': signingKeys,
  '0003_refresh_tokens': refreshTokens,
  '0004_outbox_inbox': busMigration,
};
