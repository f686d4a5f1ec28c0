import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { newEvent } from '@pustaka/kit/bus';
import { describeService } from '@pustaka/kit/testing';
import { startLiveSuite } from './live-support.ts';
import { openSocket, signedInSocket } from './test-socket.ts';
import type { TestSocket } from './test-socket.ts';

describeService('live sockets: what they receive', startLiveSuite, (sut) => {
  const member = (userId: string) => sut.tokens.issue({ role: 'member', userId });
  const idsOf = async (socket: TestSocket, count: number) => {
    const ids: string[] = [];
    for (let n = 0; n < count; n += 1) ids.push((await socket.take<{ type: string; notification: { id: string } }>('notification')).notification.id);
    return ids;
  };

  it("pushes a member's notification to every open tab of theirs, and to no one else", async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    const tabs = await Promise.all([1, 2].map(async () => signedInSocket(sut.wsUrl, await member(alice))));
    const other = await signedInSocket(sut.wsUrl, await member(bob));
    const notification = sut.inbox.add(alice);
    await sut.live.delivery.toMember(alice, notification);
    for (const tab of tabs) expect((await tab.take('notification')).notification).toEqual(notification);
    await other.expectNone('notification');
    for (const tab of tabs) await tab.expectNone('notification', 50);
    for (const socket of [...tabs, other]) socket.close();
  });

  it('streams a topic to its subscribers until they unsubscribe', async () => {
    const topic = `seats:${randomUUID()}` as const;
    const watcher = await signedInSocket(sut.wsUrl, await member(randomUUID()));
    const bystander = await signedInSocket(sut.wsUrl, await member(randomUUID()));
    watcher.send({ type: 'subscribe', topic });
    await watcher.take('subscribed');
    await sut.live.delivery.toTopic(topic, { seatIds: ['A-1'], status: 'held' });
    expect(await watcher.take('topic')).toEqual({ type: 'topic', topic, message: { seatIds: ['A-1'], status: 'held' } });
    await bystander.expectNone('topic', 100);
    watcher.send({ type: 'unsubscribe', topic });
    await watcher.take('unsubscribed');
    await sut.live.delivery.toTopic(topic, { seatIds: ['A-1'], status: 'free' });
    await watcher.expectNone('topic');
    watcher.close();
    bystander.close();
  });

  it('replays what was missed after the last id seen, oldest first, before live ones, nothing twice', async () => {
    const alice = randomUUID();
    const seen = sut.inbox.add(alice);
    const missed = [sut.inbox.add(alice), sut.inbox.add(alice), sut.inbox.add(alice)];
    const release = sut.inbox.holdReads();
    const socket = await openSocket(sut.wsUrl);
    socket.send({ type: 'auth', token: await member(alice), resumeAfter: seen.id });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // While the replay's read is under way, the last missed one is pushed live too, and a new one is written and pushed.
    const newer = sut.inbox.add(alice);
    await sut.live.delivery.toMember(alice, missed[2]!);
    await sut.live.delivery.toMember(alice, newer);
    release();
    expect(await socket.take('ready')).toMatchObject({ replayed: 3, complete: true });
    expect(await idsOf(socket, 4)).toEqual([...missed, newer].map((each) => each.id));
    await socket.expectNone('notification');
    socket.close();
  });

  it('says the replay is incomplete when more was missed than a socket replays', async () => {
    const alice = randomUUID();
    const first = sut.inbox.add(alice);
    for (let n = 0; n < 501; n += 1) sut.inbox.add(alice);
    const socket = await openSocket(sut.wsUrl);
    socket.send({ type: 'auth', token: await member(alice), resumeAfter: first.id });
    expect(await socket.take('ready')).toMatchObject({ replayed: 500, complete: false });
    expect(socket.pending('notification')).toHaveLength(500);
    socket.close();
  });

  it('closes with "try again later" when the inbox cannot be read', async () => {
    sut.inbox.failReads(true);
    try {
      const socket = await openSocket(sut.wsUrl);
      socket.send({ type: 'auth', token: await member(randomUUID()), resumeAfter: '1' });
      expect(await socket.closed).toEqual({ code: 1013, reason: 'REPLAY_FAILED' });
    } finally {
      sut.inbox.failReads(false);
    }
  });

  it("streams ticketing's seat changes and the catalog's stock changes to their topics' subscribers", async () => {
    const [eventId, bookId] = [randomUUID(), randomUUID()];
    const socket = await signedInSocket(sut.wsUrl, await member(randomUUID()));
    socket.send({ type: 'subscribe', topic: `seats:${eventId}` });
    socket.send({ type: 'subscribe', topic: `stock:${bookId}` });
    await socket.take('subscribed');
    await socket.take('subscribed');
    const seats = { eventId, seatIds: ['B-2', 'B-3'], status: 'held', quantity: 2 };
    const stock = { bookId, stock: 4, delta: -1, reason: 'reservation' };
    await sut.transport.publish(newEvent('seats.changed', seats));
    await sut.transport.publish(newEvent('stock.changed', stock));
    const received = [await socket.take('topic'), await socket.take('topic')];
    expect(received).toEqual(
      expect.arrayContaining([
        { type: 'topic', topic: `seats:${eventId}`, message: seats },
        { type: 'topic', topic: `stock:${bookId}`, message: stock },
      ]),
    );
    socket.close();
  });
});
