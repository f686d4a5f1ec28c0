import { expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import { inboxReader } from '../src/inbox/inbox-reader.ts';
import { startNotify } from './support.ts';
import { orderPlaced } from './shop-events.ts';

describeService('notify: a member reads their inbox', startNotify, (sut) => {
  it('pages newest first by id, with the unread count on every page', async () => {
    const member = await sut.member();
    await sut.deliver(...Array.from({ length: 5 }, () => orderPlaced(member.id)));
    const first = await sut.api.get('/api/notifications?limit=2', { token: member.token });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.unreadCount).toBe(5);
    const ids: string[] = first.body.items.map((item: { id: string }) => item.id);
    let before = first.body.nextBefore as string | null;
    while (before) {
      const page = await sut.api.get(`/api/notifications?limit=2&before=${before}`, { token: member.token });
      ids.push(...page.body.items.map((item: { id: string }) => item.id));
      expect(page.body.unreadCount).toBe(5);
      before = page.body.nextBefore;
    }
    expect(ids).toHaveLength(5);
    expect(ids).toEqual([...ids].sort((a, b) => Number(b) - Number(a)));
  });

  it('marks one read, again without change, and all read; the count follows', async () => {
    const member = await sut.member();
    await sut.deliver(orderPlaced(member.id), orderPlaced(member.id), orderPlaced(member.id));
    const [newest] = (await sut.api.get('/api/notifications', { token: member.token })).body.items;
    const read = await sut.api.post(`/api/notifications/${newest.id}/read`, { token: member.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: newest.id, readAt: expect.any(String) });
    const again = await sut.api.post(`/api/notifications/${newest.id}/read`, { token: member.token });
    expect(again.body.readAt).toBe(read.body.readAt);
    expect((await sut.api.get('/api/notifications', { token: member.token })).body.unreadCount).toBe(2);

    const all = await sut.api.post('/api/notifications/read-all', { token: member.token });
    expect(all.body).toEqual({ marked: 2, unreadCount: 0 });
    expect((await sut.api.post('/api/notifications/read-all', { token: member.token })).body).toEqual({ marked: 0, unreadCount: 0 });
    const items = (await sut.api.get('/api/notifications', { token: member.token })).body.items as Array<{ readAt: string | null }>;
    expect(items.every((item) => item.readAt !== null)).toBe(true);
  });

  it("answers 404 for another member's notification and leaves it unread", async () => {
    const [owner, other] = [await sut.member(), await sut.member()];
    await sut.deliver(orderPlaced(owner.id));
    const [mine] = (await sut.api.get('/api/notifications', { token: owner.token })).body.items;
    const response = await sut.api.post(`/api/notifications/${mine.id}/read`, { token: other.token });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
    expect((await sut.api.post('/api/notifications/read-all', { token: other.token })).body.marked).toBe(0);
    expect((await sut.api.get('/api/notifications', { token: owner.token })).body.unreadCount).toBe(1);
    expect((await sut.api.post('/api/notifications/999999999999/read', { token: owner.token })).status).toBe(404);
  });

  it('answers 401 to a caller who is not signed in, on every route', async () => {
    for (const [method, path] of [
      ['get', '/api/notifications'],
      ['post', '/api/notifications/1/read'],
      ['post', '/api/notifications/read-all'],
      ['get', '/api/notifications/preferences'],
      ['put', '/api/notifications/preferences'],
    ] as const) {
      const response = await sut.api[method](path, method === 'put' ? { body: { preferences: { 'order.placed': { inApp: true, email: false } } } } : {});
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('refuses ids that are not notification ids and pages past the bound', async () => {
    const member = await sut.member();
    for (const path of ['/api/notifications/abc/read', '/api/notifications/0/read', '/api/notifications/99999999999999999999/read']) {
      const response = await sut.api.post(path, { token: member.token });
      expect(response.status, path).toBe(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect((await sut.api.get('/api/notifications?limit=101', { token: member.token })).status).toBe(400);
    expect((await sut.api.get('/api/notifications?before=-1', { token: member.token })).status).toBe(400);
  });

  it('reads back what a member missed after an id, oldest first, for the live side', async () => {
    const member = await sut.member();
    await sut.deliver(orderPlaced(member.id), orderPlaced(member.id), orderPlaced(member.id));
    const newestFirst = (await sut.api.get('/api/notifications', { token: member.token })).body.items as Array<{ id: string }>;
    const reader = inboxReader(sut.ctx);
    const missed = await reader.missedSince(member.id, newestFirst[2]!.id, 10);
    expect(missed.map((view) => view.id)).toEqual([newestFirst[1]!.id, newestFirst[0]!.id]);
    expect(await reader.missedSince(member.id, '0', 1)).toEqual([newestFirst[2]]);
    expect(await reader.missedSince((await sut.member()).id, '0', 10)).toEqual([]);
  });
});
