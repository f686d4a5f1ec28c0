import { defineService } from '@pustaka/kit/manifest';
import { NotifySettingsSchema } from './config.ts';
import { NOTIFIED_EVENTS } from './src/notices/notified-events.ts';

/** Notify as the platform sees it; see ServiceManifest (packages/kit/src/platform/service-manifest.ts). */
export default defineService({
  name: 'notify',
  summary:
    "Tells members what happened to their orders, bookings and events, and staff of low stock: each member's inbox and preferences, emails through an outbox, notifications pushed live once written.",
  http: { port: 3007, routes: ['/api/notifications'] },
  schema: 'notify',
  settings: NotifySettingsSchema,
  consumes: [...NOTIFIED_EVENTS],
  start: async (settings) => (await import('./src/notify.service-module.ts')).notifyService(settings),
});
