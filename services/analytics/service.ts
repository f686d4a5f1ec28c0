import { defineService } from '@pustaka/kit/manifest';
import { AnalyticsSettingsSchema } from './config.ts';

/** Analytics as the platform sees it; see ServiceManifest (packages/kit/src/platform/service-manifest.ts). */
export default defineService({
  name: 'analytics',
  summary: 'Analytics: say here, in one sentence, what this service does.',
  // The paths the gateway sends here; add a prefix or a pattern for every route you register.
  http: { port: 3006, routes: ['/api/analytics'] },
  schema: 'analytics',
  settings: AnalyticsSettingsSchema,
  // consumes: [...] and publishes: [...] list the events it may subscribe to and record;
  // rpc: { port, serves, calls } the gRPC it serves and calls.
  start: async (settings) => (await import('./src/analytics.service-module.ts')).analyticsService(settings),
});
