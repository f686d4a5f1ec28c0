import type { Cache } from '@pustaka/kit/cache';
import type { Logger } from '@pustaka/kit/log';
import type { Outbox } from '@pustaka/kit/platform';
import type { IdentitySettings } from '../config.ts';
import type { IdentityDb } from './identity.tables.ts';
import type { SignAccessToken } from './tokens/access-tokens.ts';

/**
 * Everything the identity use cases reach outside themselves, handed in once at start so each
 * use case can be called (and tested) with other clocks, caches or keys.
 */
export interface IdentityContext {
  db: IdentityDb;
  /** The cache's `identity` scope: user profiles. */
  cache: Cache;
  /** The cache's `auth` security scope, shared with every token verifier: revocations. */
  authCache: Cache;
  /** The cache's `identity-security` security scope: sign-in and sign-up counters, refresh answers kept for their twins. */
  securityState: Cache;
  settings: IdentitySettings;
  logger: Logger;
  now: () => Date;
  signAccessToken: SignAccessToken;
  /** Identity's outbox: `user.registered` and `user.updated`, recorded in the transaction of the change. */
  events: Outbox;
  /** A real hash of a random secret, verified against when an email is unknown so timing matches. */
  dummyPasswordHash: string;
}
