import { randomUUID } from 'node:crypto';
import type { HttpClient } from '@pustaka/kit/testing';
import { newBook, newCategory } from '@pustaka/catalog/testing';
import { newEvent } from '@pustaka/ticketing/testing';

const PASSWORD = 'a long enough secret';

type Answer = { status: number; body: any };

async function ok(response: Promise<Answer>, what: string): Promise<any> {
  const answer = await response;
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/**
 * Makes a new thing for each id a path names, owned by the member, so every caller of the matrix
 * acts on one of its own: a staff member deleting a book, or the owner cancelling an order, leaves
 * the next caller's request meeting the same state, and an answer shows only what access allows.
 */
export function freshResources(api: HttpClient, tokens: { member: string; staff: string }) {
  const { member, staff } = tokens;
  const category = async () => (await ok(api.post('/api/categories', { token: staff, body: newCategory() }), 'category')).id as string;
  const book = async () => (await ok(api.post('/api/books', { token: staff, body: newBook(await category(), { stock: 100 }) }), 'book')).id as string;
  const event = async () => {
    const seating = { kind: 'seated', sections: [{ name: 'Hall', rows: ['A'], seatsPerRow: 4, price: 5000 }] };
    const created = await ok(api.post('/api/events', { token: staff, body: newEvent(new Date(), { seating }) }), 'event');
    await ok(api.post(`/api/events/${created.id}/publish`, { token: staff }), 'publish');
    return created.id as string;
  };
  const hold = async () => (await ok(api.post(`/api/events/${await event()}/holds`, { token: member, body: { seatIds: ['A-1'] } }), 'hold')).holdId as string;
  /** A new notification of the member's: the one notify writes for an order they place. */
  const notification = async () => {
    const orderId = (await ok(api.post('/api/orders', { token: member, body: { items: [{ bookId: await book(), quantity: 1 }] } }), 'order')).id as string;
    return newestNotificationOf(api, member, (item) => item.data?.orderId === orderId);
  };
  const factories: Record<string, () => Promise<string>> = {
    categories: category,
    books: book,
    events: event,
    holds: hold,
    orders: async () => (await ok(api.post('/api/orders', { token: member, body: { items: [{ bookId: await book(), quantity: 1 }] } }), 'order')).id as string,
    bookings: async () => (await ok(api.post('/api/bookings', { token: member, body: { holdId: await hold() } }), 'booking')).id as string,
    users: async () => {
      const email = `matrix-${randomUUID().slice(0, 8)}@shop.test`;
      return (await ok(api.post('/api/auth/register', { body: { email, password: PASSWORD, name: 'Matrix' } }), 'user')).user.id as string;
    },
    notifications: notification,
    calendar: async () => {
      const { feedUrl } = await ok(api.post('/api/calendar/token', { token: member }), 'feed');
      return /\/api\/calendar\/([^/]+)\.ics$/.exec(feedUrl)![1]!;
    },
  };

  /** The path with a fresh id for each of its parameters (a dead letter's or a rebuild's: one that does not exist). */
  return async function freshPath(path: string): Promise<string> {
    let filled = path;
    for (const [placeholder, param] of path.matchAll(/\{(\w+)\}/g)) {
      let value: string;
      if (path.startsWith('/api/ops/dead-letters/')) value = param === 'service' ? 'catalog' : randomUUID();
      // Rebuilds are started by an admin (the matrix's POST does); a run that never was is enough to ask about.
      else if (path.startsWith('/api/search/reindex/') || path.startsWith('/api/dashboard/rebuild/')) value = randomUUID();
      else {
        const segments = path.split('/');
        const resource = segments[segments.findIndex((segment) => segment.startsWith(placeholder)) - 1] ?? '';
        const make = factories[resource];
        if (!make) throw new Error(`the matrix cannot make a {${param}} for ${path}`);
        value = await make();
      }
      filled = filled.replace(placeholder, encodeURIComponent(value));
    }
    return filled;
  };
}

/** The id of the member's newest notification that `matches`, once notify has written it (its consumer runs after the commit). */
export async function newestNotificationOf(api: HttpClient, token: string, matches: (item: any) => boolean): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = ((await ok(api.get('/api/notifications?limit=20', { token }), 'notifications')).items as any[]).find(matches);
    if (found) return found.id as string;
    if (Date.now() > deadline) throw new Error('notify wrote no notification for the member in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
