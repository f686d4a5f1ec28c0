import { SEATS_CHANGED, STOCK_CHANGED } from '@pustaka/contracts';
import { defineService } from '@pustaka/kit/manifest';
import { NotifySettingsSchema } from './config.ts';
import { NOTIFIED_EVENTS } from './src/notices/notified-events.ts';

/** Notify as the platform sees it; see ServiceManifest (packages/kit/src/platform/service-manifest.ts). */
export default defineService({
  name: 'notify',
  summary:
    "Tells members what happened to their orders, bookings and events, and staff of low stock: each member's inbox and preferences, emails through an outbox, notifications pushed live once written.",
  http: { port: 3007, routes: ['/api/notifications', '/ws'] },
  schema: 'notify',
  migrations: async () => (await import('./migrations/index.ts')).migrations,
  settings: NotifySettingsSchema,
  // And the changes a live seat map or stock figure follows.
  consumes: [...NOTIFIED_EVENTS, SEATS_CHANGED, STOCK_CHANGED],
  start: async (settings) => (await import('./src/notify.service-module.ts')).notifyService(settings),
});
