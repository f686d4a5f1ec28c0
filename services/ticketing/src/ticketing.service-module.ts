import { migrateToLatest } from '@pustaka/kit/db';
import { scheduleJob } from '@pustaka/kit/jobs';
import type { ServiceFactory } from '@pustaka/kit/platform';
import type { TicketingSettings } from '../config.ts';
import { migrations } from '../migrations/index.ts';
import { createTicketingContext } from './ticketing-context.ts';
import { registerBookingRoutes } from './bookings/bookings.routes.ts';
import { sendBookingReminders } from './bookings/booking-reminders.service.ts';
import { registerCalendarRoutes } from './calendar-feed/calendar-feed.routes.ts';
import { memberStatusConsumer } from './calendar-feed/member-status.consumer.ts';
import { registerEventLifecycleRoutes } from './event-lifecycle/event-lifecycle.routes.ts';
import { registerEventRoutes } from './events/events.routes.ts';
import { releaseExpiredHolds } from './holds/expire-holds.service.ts';
import { registerHoldRoutes } from './holds/holds.routes.ts';
import { createSeatMapCache } from './seat-map/seat-map-cache.ts';
import { registerSeatMapRoutes } from './seat-map/seat-map.routes.ts';
import { registerTicketingRpc } from './ticketing.rpc.ts';
import { seedDemoEvents } from './seed/seed-demo-events.ts';

export type { TicketingSettings } from '../config.ts';

export { seedDemoEvents } from './seed/seed-demo-events.ts';
export type { SeedOptions, SeedResult } from './seed/seed-demo-events.ts';
export { ticketingBulkImport } from './seed/bulk-import.service.ts';
export type { ImportedBooking, ImportedEvent, TicketingBulkImport } from './seed/bulk-import.service.ts';

/**
 * Ticketing: events with seat maps, holds, bookings and calendars. Brings its schema up to date
 * (and seeds the demo shop's events into an empty ticketing when `SEED_DEMO` is on), mounts `/api/events`,
 * `/api/holds`, `/api/bookings` and `/api/calendar`, records `event.*`, `booking.*` and
 * `seats.changed` through its outbox, serves its events and bookings to other services over gRPC
 * (`Ticketing`), releases expired holds and sends booking reminders on a schedule.
 *
 * @example
 *   const platform = await buildPlatform({ ..., services: [identityService(s), ticketingService(ticketingSettings())] });
 */
export function ticketingService(settings: TicketingSettings): ServiceFactory {
  return async (deps) => {
    const applied = await migrateToLatest(deps.database, 'ticketing', migrations);
    if (applied.length > 0) deps.logger.info({ applied }, 'ticketing migrations applied');
    // Before the routes are mounted, so "ready" means the programme is there.
    if (settings.SEED_DEMO) await seedDemoEvents(deps.database, { logger: deps.logger, now: deps.now });
    const ctx = createTicketingContext(deps, settings);
    const seatMaps = createSeatMapCache(ctx, { maxEvents: settings.SEAT_MAP_CACHE_EVENTS, maxAgeSeconds: settings.SEAT_MAP_MAX_AGE_SECONDS });
    await deps.events.subscribe(memberStatusConsumer(ctx));
    deps.rpc.serve('ticketing', (router) => registerTicketingRpc(router, ctx));
    const job = { database: deps.database, logger: ctx.logger, now: deps.now };
    const sweep = scheduleJob({
      ...job,
      name: 'ticketing.release-expired-holds',
      cron: settings.HOLD_SWEEP_CRON,
      run: async ({ signal }) => {
        const expired = await releaseExpiredHolds(ctx, signal);
        if (expired > 0) ctx.logger.info({ expired }, 'released expired holds');
      },
    });
    const reminders = scheduleJob({
      ...job,
      name: 'ticketing.send-booking-reminders',
      cron: settings.REMINDER_CRON,
      run: async ({ signal }) => {
        const sent = await sendBookingReminders(ctx, signal);
        if (sent > 0) ctx.logger.info({ sent }, 'sent booking reminders');
      },
    });
    return {
      name: 'ticketing',
      routes: async (app) => {
        registerEventRoutes(app, ctx);
        registerEventLifecycleRoutes(app, ctx);
        registerSeatMapRoutes(app, seatMaps);
        registerHoldRoutes(app, ctx);
        registerBookingRoutes(app, ctx);
        registerCalendarRoutes(app, ctx);
      },
      close: async () => {
        await Promise.all([sweep.stop(), reminders.stop()]);
      },
    };
  };
}
