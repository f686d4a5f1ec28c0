import { expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { startNotify } from './support.ts';
import type { Member, NotifyUnderTest } from './support.ts';
import { deadLetterRecorded, stockLow, userRegistered, userUpdated } from './shop-events.ts';

const kindsOf = async (sut: NotifyUnderTest, member: Member) =>
  ((await sut.api.get('/api/notifications', { token: member.token })).body.items as Array<{ kind: string }>).map((item) => item.kind);

describeService('notify: what staff hear', startNotify, (sut) => {
  it('tells every enabled staff member and admin of low stock, and no member', async () => {
    const [staff, admin, member, disabledStaff, demoted] = [
      await sut.member('staff'),
      await sut.member('admin'),
      await sut.member(),
      await sut.member('staff'),
      await sut.member(),
    ];
    await sut.deliver(
      userRegistered(staff.id),
      userUpdated(staff.id, 'staff'),
      userUpdated(admin.id, 'admin'),
      userRegistered(member.id),
      userUpdated(disabledStaff.id, 'staff', true),
      userUpdated(demoted.id, 'staff'),
      userUpdated(demoted.id, 'member'),
    );
    const low = stockLow();
    await sut.deliver(low);
    for (const hears of [staff, admin]) {
      const [notification] = (await sut.api.get('/api/notifications', { token: hears.token })).body.items;
      expect(notification).toMatchObject({
        kind: 'stock.low',
        title: 'Low stock: Laut Bercerita',
        body: 'Only 2 left on the shelf (the alarm is at 3): time to restock.',
        link: `/books/${low.payload.bookId}`,
        data: { bookId: low.payload.bookId, stock: 2, threshold: 3 },
      });
    }
    for (const hearsNothing of [member, disabledStaff, demoted]) expect(await kindsOf(sut, hearsNothing)).toEqual([]);
  });

  it('tells staff and admins of an event a consumer gave up on, and no member', async () => {
    const [staff, admin, member] = [await sut.member('staff'), await sut.member('admin'), await sut.member()];
    await sut.deliver(userUpdated(staff.id, 'staff'), userUpdated(admin.id, 'admin'), userRegistered(member.id));
    const letter = deadLetterRecorded('catalog');
    await sut.deliver(letter);
    for (const hears of [staff, admin]) {
      const [notification] = (await sut.api.get('/api/notifications', { token: hears.token })).body.items;
      expect(notification).toMatchObject({
        kind: 'dead_letter',
        title: 'catalog gave up on an event (order.placed)',
        body: `catalog.reservations gave up on order.placed ${letter.payload.eventId} after 5 attempts. It waits in the dead letters of catalog until an admin replays it.`,
        link: '/staff/dead-letters?service=catalog',
        data: { deadLetterId: letter.payload.deadLetterId, service: 'catalog', eventId: letter.payload.eventId },
      });
    }
    expect(await kindsOf(sut, member)).toEqual([]);
  });

  it('keeps the newest role when user events come out of order', async () => {
    const member = await sut.member('staff');
    const promoted = userUpdated(member.id, 'staff');
    const demoted = userUpdated(member.id, 'member');
    await sut.deliver(demoted);
    await sut.deliver(promoted);
    await sut.deliver(stockLow());
    expect(await kindsOf(sut, member)).toEqual([]);
  });
});
