import { USER_UPDATED } from '@pustaka/contracts';
import type { UserUpdatedPayload } from '@pustaka/contracts';
import { defineConsumer } from '@pustaka/kit/bus';
import type { TicketingContext } from '../ticketing-context.ts';
import type { TicketingTables } from '../ticketing.tables.ts';
import { stopFeedOfDisabledMember } from './calendar-feed.service.ts';

/**
 * Identity's `user.updated`: a member disabled by an admin loses their calendar feed, whose URL is
 * a credential of its own that no access-token revocation reaches. Once per event (inbox).
 */
export const memberStatusConsumer = defineConsumer<TicketingContext, TicketingTables, UserUpdatedPayload>({
  schema: 'ticketing',
  consumerId: 'ticketing.member-status',
  events: [USER_UPDATED],
  handlers: (ctx) => ({
    handle: (trx, event) => stopFeedOfDisabledMember(ctx, trx, event.payload),
  }),
});
