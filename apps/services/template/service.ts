import { defineService } from '@pustaka/kit/manifest';
import { BlankSlateSettingsSchema } from './config.ts';

/** Blank slate as the platform sees it; see ServiceManifest (packages/kit/src/platform/service-manifest.ts). */
export default defineService({
  name: 'blank-slate',
  summary: 'Blank slate: say here, in one sentence, what this service does.',
  // The paths the gateway sends here; add a prefix or a pattern for every route you register.
  http: { port: 3999, routes: ['/api/blank-slate'] },
  schema: 'blank_slate',
  migrations: async () => (await import('./migrations/index.ts')).migrations,
  settings: BlankSlateSettingsSchema,
  // consumes: [...] and publishes: [...] list the events it may subscribe to and record;
  // rpc: { port, serves, calls } the gRPC it serves and calls.
  start: async (settings) => (await import('./src/blank-slate.service-module.ts')).blankSlateService(settings),
});
