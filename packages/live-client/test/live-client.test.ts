import { describe, expect, it } from 'vitest';
import { connectLive, reconnectDelay } from '../src/index.ts';
import type { LiveClientOptions, LiveNotification, WebSocketLike } from '../src/index.ts';

/** A socket the test plays the server of: it sees what the client sends and decides what comes back. */
class FakeSocket implements WebSocketLike {
  static opened: FakeSocket[] = [];
  readyState = 0;
  readonly sent: Array<Record<string, unknown>> = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.opened.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  push(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

/** Timers the test runs by hand, remembering each delay asked for. */
function manualTimers() {
  const queue: Array<{ run: () => void; ms: number }> = [];
  return {
    delays: [] as number[],
    setTimer(run: () => void, ms: number) {
      this.delays.push(ms);
      queue.push({ run, ms });
      return queue.length;
    },
    runNext() {
      queue.shift()?.run();
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const ready = { type: 'ready', memberId: 'm', expiresAt: 0, replayed: 0, complete: true };
const notification = (id: string) => ({ type: 'notification', notification: { id } });

function startClient(overrides: Partial<LiveClientOptions<LiveNotification>> = {}) {
  FakeSocket.opened = [];
  const timers = manualTimers();
  const received: string[] = [];
  const client = connectLive({
    url: 'ws://shop.test/ws',
    token: 'token-1',
    WebSocket: FakeSocket,
    random: () => 1,
    setTimer: (run, ms) => timers.setTimer(run, ms),
    clearTimer: () => {},
    onNotification: (each) => received.push(each.id),
    ...overrides,
  });
  const latest = () => FakeSocket.opened.at(-1)!;
  return { client, timers, received, latest };
}

describe('reconnectDelay', () => {
  it('draws from zero up to a ceiling that doubles per attempt and stops at the cap (full jitter)', () => {
    const options = { initialMs: 500, maxMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => reconnectDelay(attempt, options, () => 0.999_999))).toEqual([
      499, 999, 1_999, 3_999, 7_999, 15_999, 29_999, 29_999, 29_999,
    ]);
    expect(reconnectDelay(5, options, () => 0)).toBe(0);
    expect(reconnectDelay(5, options, () => 0.5)).toBe(8_000);
  });
});

describe('the live client', () => {
  it('signs in on open, and reconnects with growing jittered waits that start over once signed in', async () => {
    const draws = [0.5, 0.25, 1, 0.5];
    const { timers, latest } = startClient({ random: () => draws.shift() ?? 1 });
    await flush();
    latest().open();
    expect(latest().sent).toEqual([{ type: 'auth', token: 'token-1' }]);
    for (let n = 0; n < 3; n += 1) {
      latest().drop();
      timers.runNext();
      await flush();
    }
    expect(timers.delays).toEqual([250, 250, 2_000]);
    latest().open();
    latest().push(ready);
    latest().drop();
    expect(timers.delays.at(-1)).toBe(250);
  });

  it('spreads the reconnections over a wider window when the server went away', async () => {
    const { timers, latest } = startClient({ random: () => 0.5 });
    await flush();
    latest().open();
    latest().push(ready);
    latest().drop(1001, 'SHUTTING_DOWN');
    expect(timers.delays).toEqual([2_500]);
  });

  it('resumes after the last notification it saw, and drops one it already has', async () => {
    const { timers, received, latest, client } = startClient({ resumeAfter: '7' });
    await flush();
    latest().open();
    expect(latest().sent[0]).toEqual({ type: 'auth', token: 'token-1', resumeAfter: '7' });
    latest().push(ready);
    for (const id of ['8', '9', '10']) latest().push(notification(id));
    latest().drop(1001, 'SHUTTING_DOWN');
    timers.runNext();
    await flush();
    latest().open();
    expect(latest().sent[0]).toEqual({ type: 'auth', token: 'token-1', resumeAfter: '10' });
    for (const id of ['10', '11']) latest().push(notification(id));
    expect(received).toEqual(['8', '9', '10', '11']);
    expect(client.lastNotificationId).toBe('11');
  });

  it('follows its topics again after a reconnection, and no longer those it left', async () => {
    const topics: unknown[] = [];
    const { client, timers, latest } = startClient({ onTopic: (topic, message) => topics.push([topic, message]) });
    client.subscribe('seats:e1');
    client.subscribe('stock:b1');
    await flush();
    latest().open();
    latest().push(ready);
    expect(latest().sent.slice(1)).toEqual([
      { type: 'subscribe', topic: 'seats:e1' },
      { type: 'subscribe', topic: 'stock:b1' },
    ]);
    client.unsubscribe('stock:b1');
    latest().push({ type: 'topic', topic: 'seats:e1', message: { status: 'held' } });
    latest().drop();
    timers.runNext();
    await flush();
    latest().open();
    latest().push(ready);
    expect(latest().sent.slice(1)).toEqual([{ type: 'subscribe', topic: 'seats:e1' }]);
    expect(topics).toEqual([['seats:e1', { status: 'held' }]]);
  });

  it('renews on the open socket; after a refused token it waits for a new one instead of retrying', async () => {
    const { client, timers, latest } = startClient();
    await flush();
    latest().open();
    latest().push(ready);
    client.renew('token-2');
    expect(latest().sent.at(-1)).toEqual({ type: 'renew', token: 'token-2' });
    latest().push({ type: 'renewed', expiresAt: 2 });
    latest().drop(4401, 'TOKEN_REVOKED');
    await flush();
    expect(client.state).toBe('unauthorized');
    expect(timers.delays).toEqual([]);
    client.renew('token-3');
    await flush();
    latest().open();
    expect(latest().sent[0]).toEqual({ type: 'auth', token: 'token-3' });
    client.close();
    expect(client.state).toBe('closed');
  });
});
