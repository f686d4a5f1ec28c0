import { defineService } from '@pustaka/kit/manifest';
import { DiscoverySettingsSchema } from './config.ts';
import { INDEXED_EVENTS } from './src/index/indexed-events.ts';

/** Discovery as the platform sees it; see ServiceManifest (packages/kit/src/platform/service-manifest.ts). */
export default defineService({
  name: 'discovery',
  summary:
    'Search over books and events (typos forgiven, both languages, facets, type-ahead), from a read model built from the catalog and ticketing events and rebuilt from their listings on demand.',
  http: { port: 3005, routes: ['/api/search'] },
  // A rebuild of the read models reads them from their owners' listings; discovery serves no gRPC.
  rpc: { calls: ['catalog', 'ticketing', 'orders'] },
  schema: 'discovery',
  settings: DiscoverySettingsSchema,
  consumes: [...INDEXED_EVENTS],
  start: async (settings) => (await import('./src/discovery.service-module.ts')).discoveryService(settings),
});
