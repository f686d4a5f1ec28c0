import { expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { startNotify } from './support.ts';
import type { NotifyUnderTest } from './support.ts';
import { bookingConfirmed, newBooking, orderFulfilled, orderPlaced, userRegistered } from './shop-events.ts';

const emailsOf = (sut: NotifyUnderTest, memberId: string) =>
  sut.ctx.db
    .selectFrom('email_outbox')
    .select(['kind', 'to_address', 'subject', 'body', 'status', 'notification_id'])
    .where('member_id', '=', memberId)
    .orderBy('id')
    .execute();

describeService('notify: preferences', startNotify, (sut) => {
  it('starts with everything in the app and email for confirmations, cancellations and reminders', async () => {
    const member = await sut.member();
    const response = await sut.api.get('/api/notifications/preferences', { token: member.token });
    expect(response.status).toBe(200);
    expect(response.body.preferences).toEqual({
      'order.placed': { inApp: true, email: true },
      'order.cancelled': { inApp: true, email: true },
      'order.fulfilled': { inApp: true, email: false },
      'booking.confirmed': { inApp: true, email: true },
      'booking.changed': { inApp: true, email: false },
      'booking.cancelled': { inApp: true, email: true },
      'booking.reminder': { inApp: true, email: true },
      'event.changed': { inApp: true, email: false },
      'event.cancelled': { inApp: true, email: true },
    });
    const staff = await sut.member('staff');
    expect((await sut.api.get('/api/notifications/preferences', { token: staff.token })).body.preferences).toMatchObject({
      'stock.low': { inApp: true, email: false },
      dead_letter: { inApp: true, email: false },
    });
  });

  it('sets the kinds given and keeps the others; a member cannot set a staff kind', async () => {
    const member = await sut.member();
    const put = await sut.api.put('/api/notifications/preferences', {
      token: member.token,
      body: { preferences: { 'order.placed': { inApp: false, email: false } } },
    });
    expect(put.status).toBe(200);
    expect(put.body.preferences['order.placed']).toEqual({ inApp: false, email: false });
    expect(put.body.preferences['order.cancelled']).toEqual({ inApp: true, email: true });
    await sut.api.put('/api/notifications/preferences', { token: member.token, body: { preferences: { 'order.fulfilled': { inApp: true, email: true } } } });
    const now = (await sut.api.get('/api/notifications/preferences', { token: member.token })).body.preferences;
    expect(now['order.placed']).toEqual({ inApp: false, email: false });
    expect(now['order.fulfilled']).toEqual({ inApp: true, email: true });

    const staffKind = await sut.api.put('/api/notifications/preferences', {
      token: member.token,
      body: { preferences: { 'stock.low': { inApp: false, email: true } } },
    });
    expect(staffKind.status).toBe(400);
    expect(staffKind.body).toMatchObject({ code: 'KIND_NOT_HEARD' });
    for (const body of [
      { preferences: {} },
      { preferences: { 'order.nonsense': { inApp: true, email: true } } },
      { preferences: { 'order.placed': { inApp: true } } },
    ]) {
      expect((await sut.api.put('/api/notifications/preferences', { token: member.token, body })).status).toBe(400);
    }
  });

  it('writes no inbox row when in-app is off, and an email when email is on and the address is known', async () => {
    const member = await sut.member();
    await sut.deliver(userRegistered(member.id, 'sari@example.test'));
    await sut.api.put('/api/notifications/preferences', {
      token: member.token,
      body: { preferences: { 'order.placed': { inApp: false, email: true }, 'booking.confirmed': { inApp: true, email: false } } },
    });
    const placed = orderPlaced(member.id);
    await sut.deliver(placed, orderFulfilled(member.id, placed.payload.orderId), bookingConfirmed(newBooking(member.id)));
    const inbox = (await sut.api.get('/api/notifications', { token: member.token })).body.items as Array<{ id: string; kind: string }>;
    expect(inbox.map((item) => item.kind)).toEqual(['booking.confirmed', 'order.fulfilled']);
    const emails = await emailsOf(sut, member.id);
    expect(emails).toEqual([
      {
        kind: 'order.placed',
        to_address: 'sari@example.test',
        subject: 'Order placed',
        body: expect.stringContaining(`https://pustaka.test/account/orders/${placed.payload.orderId}`),
        status: 'pending',
        notification_id: null,
      },
    ]);
    await sut.deliver(placed);
    expect(await emailsOf(sut, member.id)).toHaveLength(1);
  });

  it('links an email to its notification, and sends none to a member whose address is unknown', async () => {
    const known = await sut.member();
    const unknown = await sut.member();
    await sut.deliver(userRegistered(known.id));
    await sut.deliver(orderPlaced(known.id), orderPlaced(unknown.id));
    const [notification] = (await sut.api.get('/api/notifications', { token: known.token })).body.items;
    const emails = await emailsOf(sut, known.id);
    expect(emails.map((email) => String(email.notification_id))).toEqual([notification.id]);
    expect(await emailsOf(sut, unknown.id)).toEqual([]);
    expect((await sut.api.get('/api/notifications', { token: unknown.token })).body.items).toHaveLength(1);
  });
});
