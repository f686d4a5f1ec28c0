import { migrateToLatest, serviceDb } from '@pustaka/kit/db';
import type { PlatformDeps, ServiceFactory } from '@pustaka/kit/platform';
import type { IdentitySettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { registerAuthRoutes } from './auth/auth.routes.ts';
import { createDummyPasswordHash } from './passwords/passwords.ts';
import type { IdentityContext } from './identity.context.ts';
import type { IdentityTables } from './identity.tables.ts';
import { registerKeyRoutes } from './keys/keys.routes.ts';
import { loadSigningKeys } from './keys/signing-keys.service.ts';
import { createAccessTokenSigner } from './tokens/access-tokens.ts';
import { ensureFirstAdmin } from './users/first-admin.ts';
import { registerUserRoutes } from './users/users.routes.ts';

export { identityBulkImport } from './seed/bulk-import.service.ts';
export type { IdentityBulkImport, ImportedMember, SharedPassword } from './seed/bulk-import.service.ts';

const SCHEMA = 'identity';

/**
 * The identity service: accounts, sign-in, tokens and the keys that verify them. Prepares its
 * schema, signing keys and first admin, then mounts `/api/auth/*`, `/api/users/*` and the JWKS.
 *
 * @example
 *   await buildPlatform({ ..., services: [identityService(settings), catalogService(settings)] });
 */
export function identityService(settings: IdentitySettings): ServiceFactory {
  return async (deps: PlatformDeps) => {
    await migrateToLatest(deps.database, SCHEMA, migrations);
    const db = serviceDb<IdentityTables>(deps.database, SCHEMA);
    const keys = await loadSigningKeys(db, deps.now());
    const context: IdentityContext = {
      db,
      cache: deps.cache.scope('identity'),
      authCache: deps.cache.securityScope('auth'),
      securityState: deps.cache.securityScope('identity-security'),
      settings,
      logger: deps.logger.child({ service: 'identity' }),
      now: deps.now,
      signAccessToken: createAccessTokenSigner({
        key: keys.current,
        issuer: settings.JWT_ISSUER,
        audience: settings.JWT_AUDIENCE,
        ttlSeconds: settings.ACCESS_TOKEN_TTL_SECONDS,
      }),
      events: deps.events.outbox(SCHEMA, deps.now),
      dummyPasswordHash: await createDummyPasswordHash(),
    };
    await ensureFirstAdmin(context);
    const jwks = async () => keys.jwks;
    return {
      name: 'identity',
      jwks,
      routes: async (app) => {
        registerKeyRoutes(app, jwks);
        registerAuthRoutes(app, context);
        registerUserRoutes(app, context);
      },
    };
  };
}
