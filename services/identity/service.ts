import { USER_REGISTERED, USER_UPDATED } from '@pustaka/contracts';
import { defineService } from '@pustaka/kit/manifest';
import { IdentitySettingsSchema } from './config.ts';

/** Identity as the platform sees it; see ServiceManifest. */
export default defineService({
  name: 'identity',
  summary: 'Members, sign-in, rotating refresh tokens and roles; signs the access tokens every service verifies.',
  http: { port: 3001, routes: ['/api/auth', '/api/users', '/.well-known'] },
  schema: 'identity',
  migrations: async () => (await import('./migrations/index.ts')).migrations,
  settings: IdentitySettingsSchema,
  // A newcomer's first start should end with a way in: an admin whose password is printed once.
  localDefaults: { CREATE_DEFAULT_ADMIN: true },
  signsTokens: true,
  publishes: [USER_REGISTERED, USER_UPDATED],
  start: async (settings) => (await import('./src/identity.service-module.ts')).identityService(settings),
});
