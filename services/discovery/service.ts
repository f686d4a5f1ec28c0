import { defineService } from '@pustaka/kit/manifest';
import { DiscoverySettingsSchema } from './config.ts';
import { INDEXED_EVENTS } from './src/index/indexed-events.ts';
import { RECOMMENDATION_EVENTS } from './src/recommendations/recommendation-events.ts';

/** Discovery as the platform sees it; see ServiceManifest (packages/kit/src/platform/service-manifest.ts). */
export default defineService({
  name: 'discovery',
  summary:
    'Search over books and events (typos forgiven, both languages, facets, type-ahead) and recommendations (best sellers, bought together, for you), from read models built from the catalog, orders and ticketing events and rebuilt from their listings on demand.',
  // A book's recommendations are discovery's to answer, although the rest of /api/books is the catalog's.
  http: { port: 3005, routes: ['/api/search', '/api/recommendations', '/api/books/:id/recommendations'] },
  // A rebuild of the read models reads them from their owners' listings; discovery serves no gRPC.
  rpc: { calls: ['catalog', 'ticketing', 'orders'] },
  schema: 'discovery',
  migrations: async () => (await import('./migrations/index.ts')).migrations,
  settings: DiscoverySettingsSchema,
  consumes: [...INDEXED_EVENTS, ...RECOMMENDATION_EVENTS],
  start: async (settings) => (await import('./src/discovery.service-module.ts')).discoveryService(settings),
});
