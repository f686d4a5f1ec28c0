import { defineService } from '@pustaka/kit/manifest';
import { AnalyticsSettingsSchema } from './config.ts';
import { CONSUMED_EVENTS } from './src/rollups/consumed-events.ts';

/** Analytics as the platform sees it; see ServiceManifest (packages/kit/src/platform/service-manifest.ts). */
export default defineService({
  name: 'analytics',
  summary: "The staff dashboard: the shop's sales, top books, categories and customers, seats and fill rates, low stock, from daily rollups kept by events.",
  http: { port: 3006, routes: ['/api/dashboard'] },
  // A rebuild of the rollups reads them from their owners' listings; analytics serves no gRPC.
  rpc: { calls: ['catalog', 'ticketing', 'orders'] },
  schema: 'analytics',
  migrations: async () => (await import('./migrations/index.ts')).migrations,
  settings: AnalyticsSettingsSchema,
  consumes: [...CONSUMED_EVENTS],
  start: async (settings) => (await import('./src/analytics.service-module.ts')).analyticsService(settings),
});
