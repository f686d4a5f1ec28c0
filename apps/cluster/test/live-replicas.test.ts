import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { eventually, httpClient } from '@pustaka/kit/testing';
import type { HttpClient } from '@pustaka/kit/testing';
import { newBook } from '@pustaka/catalog/testing';
import { signInEachRole } from '@pustaka/identity/testing';
import { connectLive } from '@pustaka/live-client';
import type { LiveClient, LiveNotification } from '@pustaka/live-client';
import { clusterOptionsFromEnv } from '../config.ts';
import { freeClusterPorts } from '../src/free-cluster-ports.ts';
import { dropDatabases, startCluster } from '../src/start-cluster.ts';
import type { Cluster } from '../src/start-cluster.ts';
import { separateRedisDatabase, uniquePrefix } from './support.ts';

const { postgresUrl, redisUrl, amqpUrl } = inject('realServices');
const ADMIN = { email: `admin-${randomUUID().slice(0, 8)}@example.com`, password: 'a long admin passphrase' };
const TABS = 4;

type Pushed = LiveNotification & { kind: string; data: Record<string, string | number> };

describe.skipIf(!(postgresUrl && redisUrl && amqpUrl))('live notifications across two notify replicas behind the gateway', () => {
  let cluster: Cluster;
  let api: HttpClient;
  const lines: string[] = [];
  const tabs: Array<{ client: LiveClient; orders: string[]; dropped: number }> = [];
  let tokens: Awaited<ReturnType<typeof signInEachRole>>;
  let bookId = '';

  beforeAll(async () => {
    const quiet = { LOG_LEVEL: 'info', LOG_PRETTY: 'false' };
    const replicas = { notify: 2 };
    cluster = await startCluster({
      ...clusterOptionsFromEnv({}),
      host: '127.0.0.1',
      ports: await freeClusterPorts(replicas),
      replicas,
      postgresUrl: postgresUrl!,
      // Another logical database than the other cluster suite's, so their counts never mix.
      redisUrl: separateRedisDatabase(redisUrl!, 12),
      amqpUrl: amqpUrl!,
      databasePrefix: uniquePrefix(),
      stopGraceMs: 5_000,
      env: {
        identity: { ...quiet, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, REGISTRATIONS_PER_ADDRESS_PER_HOUR: '100000' },
        catalog: { ...quiet, SEED_DEMO: 'false' },
        notify: quiet,
        'notify-2': quiet,
        gateway: { ...quiet, RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_AUTH_PER_MINUTE: '100000' },
      },
      onLine: (service, line) => lines.push(`${service} | ${line}`),
    });
    api = httpClient(cluster.urls.gateway);
    tokens = await signInEachRole(api, ADMIN);
    const category = await api.post('/api/categories', { token: tokens.staff.accessToken, body: { name: 'Live' } });
    bookId = (await api.post('/api/books', { token: tokens.staff.accessToken, body: newBook(category.body.id, { stock: 100 }) })).body.id;
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.log(`last lines of the cluster:\n${lines.slice(-60).join('\n')}`));
  });

  afterAll(async () => {
    for (const tab of tabs) tab.client.close();
    await cluster?.stop();
    if (cluster)
      await dropDatabases(
        postgresUrl!,
        Object.values(cluster.databases).map((database) => database.name),
      );
  });

  const order = async () => {
    const placed = await api.post('/api/orders', { token: tokens.member.accessToken, body: { items: [{ bookId, quantity: 1 }] } });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    return placed.body.id as string;
  };

  it("delivers each notification to every tab of the member exactly once, whichever replica holds the tab's socket", async () => {
    const ws = `${cluster.urls.gateway.replace(/^http/, 'ws')}/ws`;
    // Opened one after another, the gateway takes the replicas in turn: two tabs on each.
    for (let i = 0; i < TABS; i++) {
      const tab = { client: undefined as unknown as LiveClient, orders: [] as string[], dropped: 0 };
      let ready!: () => void;
      const opened = new Promise<void>((resolve) => (ready = resolve));
      const client = connectLive<Pushed>({
        url: ws,
        token: tokens.member.accessToken,
        onNotification: (notification) => {
          if (notification.kind === 'order.placed') tab.orders.push(String(notification.data.orderId));
        },
        onReady: () => ready(),
        onStateChange: (state) => {
          if (state === 'waiting') tab.dropped += 1;
        },
        backoff: { initialMs: 200, maxMs: 2_000 },
      });
      tab.client = client;
      tabs.push(tab);
      await opened;
    }
    const first = await order();
    await eventually(async () => {
      for (const tab of tabs) expect(tab.orders).toEqual([first]);
    }, 10_000);
  });

  it('a replica killed mid-stream: its tabs reconnect to the other and catch up, nothing lost and nothing twice', async () => {
    const [first] = tabs[0]!.orders;
    await cluster.kill('notify-2', 'SIGKILL');
    const second = await order();
    const third = await order();
    await eventually(async () => {
      for (const tab of tabs) expect(tab.orders).toEqual([first, second, third]);
    }, 30_000);
    // The tabs the killed replica held lost their socket (a reconnection may have reached it again
    // before the gateway's breaker opened); the others never did.
    expect(tabs.filter((tab) => tab.dropped > 0)).toHaveLength(TABS / 2);
    const inbox = await api.get('/api/notifications', { token: tokens.member.accessToken });
    const placed = inbox.body.items.filter((n: Pushed) => n.kind === 'order.placed').map((n: Pushed) => n.data.orderId);
    expect(placed.sort()).toEqual([first, second, third].sort());
  });
});
