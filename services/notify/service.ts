import { defineService } from '@pustaka/kit/manifest';
import { NotifySettingsSchema } from './config.ts';

/** Notify as the platform sees it; see ServiceManifest (packages/kit/src/platform/service-manifest.ts). */
export default defineService({
  name: 'notify',
  summary: 'Notify: say here, in one sentence, what this service does.',
  // The paths the gateway sends here; add a prefix or a pattern for every route you register.
  http: { port: 3007, routes: ['/api/notify'] },
  schema: 'notify',
  settings: NotifySettingsSchema,
  // consumes: [...] and publishes: [...] list the events it may subscribe to and record;
  // rpc: { port, serves, calls } the gRPC it serves and calls.
  start: async (settings) => (await import('./src/notify.service-module.ts')).notifyService(settings),
});
