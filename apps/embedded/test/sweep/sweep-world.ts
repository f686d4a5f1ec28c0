import type { HttpClient } from '@pustaka/kit/testing';
import { newestNotificationOf } from '../access/fresh-resources.ts';
import type { SweepWorld } from './hostile-requests.ts';

export type SweepRole = 'anonymous' | 'member' | 'staff' | 'admin';

export interface SweepCast {
  tokens: Record<SweepRole, string | undefined>;
  world: SweepWorld;
}

const PASSWORD = 'a long enough secret';
const NO_SUCH_LETTER = '0190f3a1-0000-7000-8000-000000000000';
const NO_SUCH_RUN = '0190f3a1-0000-7000-8000-000000000001';

/**
 * A shop with one of everything a route can name: members, staff, a category, a book, a
 * published seated event, a member's order, hold, booking, calendar feed and notification. The sweep's requests
 * point at these, so a hostile value meets the code behind the checks, not a 404.
 */
export async function buildSweepWorld(api: HttpClient, admin: { email: string; password: string }): Promise<SweepCast> {
  const ok = async (response: Promise<{ status: number; body: any }>, what: string) => {
    const answer = await response;
    if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const adminToken = (await ok(api.post('/api/auth/login', { body: admin }), 'admin login')).accessToken as string;
  const member = await ok(api.post('/api/auth/register', { body: { email: 'sweep-member@shop.test', password: PASSWORD, name: 'Sweep Member' } }), 'member');
  const clerk = await ok(api.post('/api/auth/register', { body: { email: 'sweep-staff@shop.test', password: PASSWORD, name: 'Sweep Staff' } }), 'staff');
  await ok(api.patch(`/api/users/${clerk.user.id}`, { token: adminToken, body: { role: 'staff' } }), 'promote staff');
  const staffToken = (await ok(api.post('/api/auth/login', { body: { email: 'sweep-staff@shop.test', password: PASSWORD } }), 'staff login'))
    .accessToken as string;
  const memberToken = member.accessToken as string;

  const categoryId = (await ok(api.post('/api/categories', { token: staffToken, body: { name: 'Sweep shelf' } }), 'category')).id as string;
  const book = await ok(
    api.post('/api/books', {
      token: staffToken,
      body: {
        title: 'Sweep',
        authors: ['A. Writer'],
        isbn: '9780306406157',
        publicationYear: 2020,
        price: 1000,
        currency: 'IDR',
        stock: 50,
        location: 'A1-1',
        categoryId,
      },
    }),
    'book',
  );
  const startsAt = new Date(Date.now() + 14 * 86_400_000);
  const seating = { kind: 'seated', sections: [{ name: 'Hall', rows: ['A', 'B'], seatsPerRow: 5, price: 5000 }] };
  const event = await ok(
    api.post('/api/events', {
      token: staffToken,
      body: {
        title: 'Sweep talk',
        venue: 'Pustaka Hall',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(),
        timezone: 'Asia/Jakarta',
        currency: 'IDR',
        seating,
      },
    }),
    'event',
  );
  await ok(api.post(`/api/events/${event.id}/publish`, { token: staffToken }), 'publish');
  const order = await ok(api.post('/api/orders', { token: memberToken, body: { items: [{ bookId: book.id, quantity: 1 }] } }), 'order');
  const booked = await ok(api.post(`/api/events/${event.id}/holds`, { token: memberToken, body: { seatIds: ['A-1'] } }), 'hold to book');
  const booking = await ok(api.post('/api/bookings', { token: memberToken, body: { holdId: booked.holdId } }), 'booking');
  const hold = await ok(api.post(`/api/events/${event.id}/holds`, { token: memberToken, body: { seatIds: ['A-2'] } }), 'hold');
  const feed = await ok(api.post('/api/calendar/token', { token: memberToken }), 'calendar feed');
  const feedToken = /\/api\/calendar\/([^/]+)\.ics$/.exec(feed.feedUrl)?.[1];
  if (!feedToken) throw new Error(`calendar feed url without a token: ${feed.feedUrl}`);

  const notificationId = await newestNotificationOf(api, memberToken, (item) => item.data?.orderId === order.id);

  const idsByResource: Record<string, string> = {
    books: book.id,
    categories: categoryId,
    orders: order.id,
    events: event.id,
    holds: hold.holdId,
    bookings: booking.id,
    users: member.user.id,
    calendar: feedToken,
    notifications: notificationId,
  };
  return {
    tokens: { anonymous: undefined, member: memberToken, staff: staffToken, admin: adminToken },
    world: {
      pathValue: (path, param) => {
        if (path.startsWith('/api/ops/dead-letters/')) return param === 'service' ? 'catalog' : NO_SUCH_LETTER;
        // A rebuild (of the index, of the rollups) is an admin's to start, not the sweep's: one that never ran.
        if (path.startsWith('/api/search/reindex/') || path.startsWith('/api/dashboard/rebuild/')) return NO_SUCH_RUN;
        // The resource a parameter names is the segment before it: /api/books/{id} is a book.
        const segments = path.split('/');
        const resource = segments[segments.findIndex((segment) => segment.startsWith(`{${param}}`)) - 1] ?? '';
        const id = idsByResource[resource];
        if (!id) throw new Error(`the sweep's world has nothing for {${param}} in ${path}`);
        return id;
      },
      fields: { categoryId, bookId: book.id, holdId: hold.holdId, seatIds: ['A-3'], seating, isbn: '9780306406157', email: 'sweep-new@shop.test' },
    },
  };
}
