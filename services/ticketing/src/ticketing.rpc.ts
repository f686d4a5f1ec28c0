import { Ticketing } from '@pustaka/contracts/ticketing/v1';
import { keysetPageOf } from '@pustaka/kit/rpc';
import type { ConnectRouter } from '@pustaka/kit/rpc';
import type { TicketingContext } from './ticketing-context.ts';
import { listBookingsPage } from './bookings/booking-listing.service.ts';
import { listEventsPage } from './events/event-listing.service.ts';

/**
 * `pustaka.ticketing.v1.Ticketing` for other services: every published event and every confirmed
 * booking, page by page, for a service rebuilding what it keeps of them (discovery).
 */
export function registerTicketingRpc(router: ConnectRouter, ctx: TicketingContext): void {
  router.service(Ticketing, {
    async listEvents(request) {
      const { events, nextAfterId } = await listEventsPage(ctx, keysetPageOf(request));
      return {
        events: events.map(({ salesOpenAt, cancelledAt, ...event }) => ({
          ...event,
          ...(salesOpenAt === null ? {} : { salesOpenAt }),
          ...(cancelledAt === null ? {} : { cancelledAt }),
        })),
        nextAfterId,
      };
    },
    async listBookings(request) {
      return listBookingsPage(ctx, keysetPageOf(request), { includeCancelled: request.includeCancelled });
    },
  });
}
