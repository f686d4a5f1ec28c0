import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { startNotify } from './support.ts';
import type { Member, NotifyUnderTest } from './support.ts';
import {
  bookingCancelled,
  bookingChanged,
  bookingConfirmed,
  bookingReminder,
  eventCancelled,
  eventDetails,
  eventPublished,
  eventUpdated,
  newBooking,
  orderCancelled,
  orderFulfilled,
  orderPlaced,
} from './shop-events.ts';

async function inboxOf(sut: NotifyUnderTest, member: Member) {
  const response = await sut.api.get('/api/notifications?limit=100', { token: member.token });
  expect(response.status).toBe(200);
  return response.body as { items: Array<Record<string, any>>; unreadCount: number };
}

describeService('notify: what members hear of their orders, bookings and events', startNotify, (sut) => {
  it('tells the member who ordered of each step of their order, and nobody else', async () => {
    const [buyer, other] = [await sut.member(), await sut.member()];
    const orderId = randomUUID();
    await sut.deliver(orderPlaced(buyer.id, orderId), orderFulfilled(buyer.id, orderId), orderCancelled(buyer.id, orderId));
    const { items, unreadCount } = await inboxOf(sut, buyer);
    expect(items.map((item) => item.kind)).toEqual(['order.cancelled', 'order.fulfilled', 'order.placed']);
    expect(unreadCount).toBe(3);
    expect(items[2]).toMatchObject({
      title: 'Order placed',
      body: 'We have your order: 2 copies of Bumi Manusia, IDR\u00a0150,000 in all. We will tell you when it is on its way.',
      link: `/account/orders/${orderId}`,
      data: { orderId },
      readAt: null,
    });
    expect(items[0]!.body).toBe('Your order was cancelled: Cancelled at your request.');
    expect((await inboxOf(sut, other)).items).toEqual([]);
  });

  it('tells a booker of their booking confirmed, changed, reminded and cancelled', async () => {
    const [booker, other] = [await sut.member(), await sut.member()];
    const booking = newBooking(booker.id);
    await sut.deliver(bookingConfirmed(booking), bookingChanged(booking), bookingReminder(booking), bookingCancelled(booking, 'staff'));
    const { items } = await inboxOf(sut, booker);
    expect(items.map((item) => item.kind)).toEqual(['booking.cancelled', 'booking.reminder', 'booking.changed', 'booking.confirmed']);
    const code = `PST-${booking.bookingId.slice(0, 6).toUpperCase()}`;
    expect(items[3]).toMatchObject({
      body: `Your booking ${code} is confirmed: seats A-1, A-2, IDR\u00a0200,000.`,
      link: `/account/bookings?booking=${booking.bookingId}`,
    });
    expect(items[3]!.data).toEqual({ bookingId: booking.bookingId, eventId: booking.eventId, code });
    expect(items[2]!.body).toBe(`Your booking ${code} now has seats B-3, B-4 (before: A-1, A-2).`);
    expect(items[1]).toMatchObject({ title: 'Coming up: An evening with Leila Chudori', link: `/events/${booking.eventId}` });
    expect(items[1]!.body).toBe(
      `An evening with Leila Chudori starts Saturday 12 December 2026, 19:00, at Pustaka Kemang. Your booking ${code}: seats A-1, A-2.`,
    );
    expect(items[0]!.body).toBe(`The shop cancelled your booking ${code} (seats A-1, A-2).`);
    expect((await inboxOf(sut, other)).items).toEqual([]);
  });

  it('tells the members with a live booking on an event when its time or place changes, once each, and not for a new description', async () => {
    const eventId = randomUUID();
    const [first, second, cancelled, elsewhere] = [await sut.member(), await sut.member(), await sut.member(), await sut.member()];
    const cancelledBooking = newBooking(cancelled.id, eventId);
    await sut.deliver(
      eventPublished(eventDetails(eventId)),
      bookingConfirmed(newBooking(first.id, eventId)),
      bookingConfirmed(newBooking(first.id, eventId)),
      bookingConfirmed(newBooking(second.id, eventId)),
      bookingConfirmed(cancelledBooking),
      bookingCancelled(cancelledBooking),
      bookingConfirmed(newBooking(elsewhere.id)),
    );
    await sut.deliver(eventUpdated(eventDetails(eventId, { description: 'Now with a signing.' })));
    expect((await inboxOf(sut, first)).items.filter((item) => item.kind === 'event.changed')).toEqual([]);

    await sut.deliver(eventUpdated(eventDetails(eventId, { startsAt: '2026-12-13T12:00:00.000Z', endsAt: '2026-12-13T14:00:00.000Z' })));
    for (const member of [first, second]) {
      const changed = (await inboxOf(sut, member)).items.filter((item) => item.kind === 'event.changed');
      expect(changed).toHaveLength(1);
      expect(changed[0]).toMatchObject({ title: 'An evening with Leila Chudori has changed', link: `/events/${eventId}`, data: { eventId } });
      expect(changed[0]!.body).toBe('An evening with Leila Chudori is now on Sunday 13 December 2026, 19:00, at Pustaka Kemang. Your booking still stands.');
    }
    for (const member of [cancelled, elsewhere]) expect((await inboxOf(sut, member)).items.filter((item) => item.kind === 'event.changed')).toEqual([]);
  });

  it('ignores a change of an event older than the one it has', async () => {
    const eventId = randomUUID();
    const booker = await sut.member();
    const published = eventPublished(eventDetails(eventId));
    const older = eventUpdated(eventDetails(eventId, { venue: 'Old hall' }));
    const newer = eventUpdated(eventDetails(eventId, { venue: 'New hall' }));
    await sut.deliver(published, bookingConfirmed(newBooking(booker.id, eventId)), newer);
    await sut.deliver(older);
    const changed = (await inboxOf(sut, booker)).items.filter((item) => item.kind === 'event.changed');
    expect(changed.map((item) => item.body)).toEqual([expect.stringContaining('at New hall')]);
  });

  it("tells each booker of a cancelled event once, and not again through their bookings' cancellations", async () => {
    const eventId = randomUUID();
    const [booker, twice, other] = [await sut.member(), await sut.member(), await sut.member()];
    const bookings = [newBooking(booker.id, eventId), newBooking(twice.id, eventId), newBooking(twice.id, eventId)];
    await sut.deliver(...bookings.map(bookingConfirmed));
    await sut.deliver(eventCancelled(eventId, bookings), ...bookings.map((booking) => bookingCancelled(booking, 'event-cancelled')));
    for (const member of [booker, twice]) {
      const items = (await inboxOf(sut, member)).items.filter((item) => item.kind !== 'booking.confirmed');
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ kind: 'event.cancelled', title: 'An evening with Leila Chudori is cancelled', link: `/events/${eventId}` });
      expect(items[0]!.body).toContain('Your booking is cancelled');
    }
    expect((await inboxOf(sut, other)).items).toEqual([]);
    // Its bookings are no longer live: a later update of the event tells nobody.
    await sut.deliver(eventUpdated(eventDetails(eventId, { venue: 'Elsewhere' })));
    expect((await inboxOf(sut, booker)).items.filter((item) => item.kind === 'event.changed')).toEqual([]);
  });

  it('changes nothing when an event is delivered again', async () => {
    const buyer = await sut.member();
    const placed = orderPlaced(buyer.id);
    await sut.deliver(placed);
    const liveBefore = sut.live.length;
    await sut.deliver(placed, placed);
    await sut.deliver({ ...placed });
    expect((await inboxOf(sut, buyer)).items).toHaveLength(1);
    expect(sut.live.length).toBe(liveBefore);
  });

  it('sends each new notification live to its member, after it is committed', async () => {
    const buyer = await sut.member();
    await sut.deliver(orderPlaced(buyer.id));
    const [stored] = (await inboxOf(sut, buyer)).items;
    expect(sut.live.filter((sent) => sent.memberId === buyer.id).map((sent) => sent.view)).toEqual([stored]);
  });
});
