// Identity on its own: `node services/identity/main.ts` with DATABASE_URL and REDIS_URL.
import { runStandalone } from '@pustaka/kit/platform';
import { loadIdentityConfig } from './config.ts';
import { identityService } from './src/identity.service-module.ts';

await runStandalone({ name: 'identity', loadConfig: loadIdentityConfig, services: (config) => [identityService(config)] });
