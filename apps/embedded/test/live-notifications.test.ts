import { afterEach, beforeAll, expect, it } from 'vitest';
import { createLogger } from '@pustaka/kit/log';
import { describeService, httpClient } from '@pustaka/kit/testing';
import type { HttpClient, TestStorage } from '@pustaka/kit/testing';
import type { Platform } from '@pustaka/kit/platform';
import { newBook } from '@pustaka/catalog/testing';
import { signInEachRole } from '@pustaka/identity/testing';
import { newEvent } from '@pustaka/ticketing/testing';
import { connectLive } from '@pustaka/live-client';
import type { LiveClient, LiveNotification, LiveTopic } from '@pustaka/live-client';
import { loadEmbeddedConfig } from '../config.ts';
import { buildEmbedded } from '../src/build-embedded.ts';

const ADMIN = { email: 'owner@shop.test', password: 'correct horse battery' };

async function startEmbedded(storage: TestStorage): Promise<{ platform: Platform; api: HttpClient; ws: string; close(): Promise<void> }> {
  const config = loadEmbeddedConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  const platform = await buildEmbedded(config, createLogger({ name: 'test', level: 'silent' }), storage.database, storage.cache);
  const url = await platform.app.listen({ port: 0, host: '127.0.0.1' });
  return { platform, api: httpClient(url), ws: `${url.replace(/^http/, 'ws')}/ws`, close: () => platform.close() };
}

/** What notify pushes (its NotificationView), as far as these tests read it. */
type Pushed = LiveNotification & { kind: string; data: Record<string, string | number> };

/** A tab's live connection as the web app opens it, recording what arrives and when. */
function openTab(url: string, token: string) {
  const notifications: Array<Pushed & { receivedAt: number }> = [];
  const topics: Array<{ topic: LiveTopic; message: unknown }> = [];
  let ready!: () => void;
  const opened = new Promise<void>((resolve) => (ready = resolve));
  const client: LiveClient = connectLive<Pushed>({
    url,
    token,
    onNotification: (notification) => notifications.push({ ...notification, receivedAt: Date.now() }),
    onTopic: (topic, message) => topics.push({ topic, message }),
    onReady: () => ready(),
  });
  return { client, notifications, topics, opened };
}

const until = async (check: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
};

describeService('live notifications in the embedded platform', startEmbedded, (sut) => {
  let tokens: Awaited<ReturnType<typeof signInEachRole>>;
  const tabs: LiveClient[] = [];
  const tab = (token: string) => {
    const opened = openTab(sut.ws, token);
    tabs.push(opened.client);
    return opened;
  };

  beforeAll(async () => {
    tokens = await signInEachRole(sut.api, ADMIN);
  });
  afterEach(() => {
    for (const client of tabs.splice(0)) client.close();
  });

  it("tells each open tab of a member of their order within a second, and no other member's", async () => {
    const category = await sut.api.post('/api/categories', { token: tokens.staff.accessToken, body: { name: `Live ${Date.now()}` } });
    const book = await sut.api.post('/api/books', { token: tokens.staff.accessToken, body: newBook(category.body.id, { stock: 50 }) });
    const [first, second, other] = [tab(tokens.member.accessToken), tab(tokens.member.accessToken), tab(tokens.staff.accessToken)];
    await Promise.all([first.opened, second.opened, other.opened]);

    const order = await sut.api.post('/api/orders', { token: tokens.member.accessToken, body: { items: [{ bookId: book.body.id, quantity: 1 }] } });
    expect(order.status).toBe(201);
    // From the order's acknowledgement: the order's own answer is the orders suites' business.
    const placedAt = Date.now();
    expect(await until(() => first.notifications.length > 0 && second.notifications.length > 0)).toBe(true);
    for (const seen of [first, second]) {
      expect(seen.notifications.map((n) => [n.kind, n.data.orderId])).toEqual([['order.placed', order.body.id]]);
      expect(seen.notifications[0]!.receivedAt - placedAt).toBeLessThan(1_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(other.notifications).toEqual([]);
    // The inbox holds what the socket pushed.
    const inbox = await sut.api.get('/api/notifications', { token: tokens.member.accessToken });
    expect(inbox.body.items.map((n: { id: string }) => n.id)).toContain(first.notifications[0]!.id);
  });

  it("shows a seat map's followers a hold and its booking as they happen", async () => {
    const created = await sut.api.post('/api/events', { token: tokens.staff.accessToken, body: newEvent(new Date()) });
    const eventId: string = created.body.id;
    expect((await sut.api.post(`/api/events/${eventId}/publish`, { token: tokens.staff.accessToken })).status).toBe(200);
    const follower = tab(tokens.staff.accessToken);
    await follower.opened;
    follower.client.subscribe(`seats:${eventId}`);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const seats = await sut.api.get(`/api/events/${eventId}/seats`);
    const seatIds = seats.body.seats.slice(0, 2).map((seat: { id: string }) => seat.id);
    const hold = await sut.api.post(`/api/events/${eventId}/holds`, { token: tokens.member.accessToken, body: { seatIds } });
    expect(hold.status).toBe(201);
    expect(await until(() => follower.topics.length >= 1)).toBe(true);
    const booking = await sut.api.post('/api/bookings', { token: tokens.member.accessToken, body: { holdId: hold.body.holdId } });
    expect(booking.status).toBe(201);
    expect(await until(() => follower.topics.length >= 2)).toBe(true);
    expect(follower.topics.every((seen) => seen.topic === `seats:${eventId}`)).toBe(true);
    expect(JSON.stringify(follower.topics)).toContain(seatIds[0]);
  });
});
