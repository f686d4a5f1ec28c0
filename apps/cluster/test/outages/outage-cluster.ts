import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { httpClient } from '@pustaka/kit/testing';
import type { HttpClient } from '@pustaka/kit/testing';
import { clusterOptionsFromEnv } from '../../config.ts';
import { clusterDatabases, planCluster } from '../../src/cluster-plan.ts';
import type { ClusterOptions, ProcessName, ServiceName } from '../../src/cluster-plan.ts';
import { startServiceProcess } from '../../src/service-process.ts';
import type { ServiceProcess } from '../../src/service-process.ts';
import { dropDatabases, startCluster } from '../../src/start-cluster.ts';
import type { Cluster } from '../../src/start-cluster.ts';
import { waitUntilReady } from '../../src/wait-ready.ts';
import { separateRedisDatabase, uniquePrefix } from '../support.ts';
import { freeClusterPorts } from '../../src/free-cluster-ports.ts';
import { randomIsbn13 } from '@pustaka/catalog/testing';

export const run = promisify(execFile);

const PASSWORD = 'a long passphrase';
const STOP_GRACE_MS = 5_000;

export interface RealServiceUrls {
  postgresUrl: string;
  redisUrl: string;
  amqpUrl: string;
}

export interface OutageCluster {
  cluster: Cluster;
  api: HttpClient;
  /** Every line the processes printed, newest last, for the failure report. */
  lines: string[];
  /** Two members (one buys, the other pries) and a staff member. */
  tokens: { buyer: string; other: string; staff: string };
  /** SIGKILLs the service's current process (the cluster's, or the one `restart` started). */
  kill(service: ProcessName): Promise<void>;
  /** Starts a killed service again, on the same ports with the same environment, and waits until it is ready. */
  restart(service: ProcessName): Promise<void>;
  /** Rows of one query against a service's own database. */
  query<T>(owner: ServiceName, sql: string, params?: unknown[]): Promise<T[]>;
  /** A new book with this stock (in a category of its own), created by staff through the gateway. */
  newBook(stock: number): Promise<string>;
  /** False once the cluster tore itself down because a process died that nobody killed. */
  running(): boolean;
  stop(): Promise<void>;
}

/**
 * The whole platform as separate processes behind the gateway, on a database prefix, a Redis
 * database and (where `rabbitmqctl` can make one) a RabbitMQ virtual host of its own: its queues
 * (`catalog.reservations`) are then never shared with a cluster someone else runs on this broker,
 * which would otherwise take this cluster's events. `env` is added to each service's environment.
 *
 * @example
 *   const outage = await startOutageCluster(real, { catalog: { RESERVATION_SWEEP_CRON: '* * * * * *' } });
 *   await outage.kill('catalog');
 */
export async function startOutageCluster(real: RealServiceUrls, env: ClusterOptions['env'] = {}): Promise<OutageCluster> {
  const admin = { email: `admin-${randomUUID().slice(0, 8)}@example.com`, password: 'a long admin passphrase' };
  const prefix = uniquePrefix();
  const vhost = await createVirtualHost(real.amqpUrl, prefix);
  const quiet = { LOG_LEVEL: 'info', LOG_PRETTY: 'false' };
  const lines: string[] = [];
  const options: ClusterOptions = {
    ...clusterOptionsFromEnv({}),
    host: '127.0.0.1',
    ports: await freeClusterPorts(),
    postgresUrl: real.postgresUrl,
    redisUrl: separateRedisDatabase(real.redisUrl),
    amqpUrl: vhost.url,
    databasePrefix: prefix,
    localDefaults: false,
    stopGraceMs: STOP_GRACE_MS,
    env: {
      // Every request comes from 127.0.0.1: limits per address are for real clients, not these tests.
      identity: {
        ...quiet,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
        REGISTRATIONS_PER_ADDRESS_PER_HOUR: '100000',
        ...env.identity,
      },
      catalog: { ...quiet, ...env.catalog },
      orders: { ...quiet, ...env.orders },
      gateway: { ...quiet, RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_AUTH_PER_MINUTE: '100000', ...env.gateway },
    },
    onLine: (service, line) => lines.push(`${service} | ${line}`),
  };
  let cluster: Cluster;
  try {
    cluster = await startCluster(options);
  } catch (error) {
    await dropDatabases(
      real.postgresUrl,
      Object.values(clusterDatabases(options)).map((database) => database.name),
    ).catch(() => {});
    await vhost.dispose();
    throw error;
  }
  let ended = false;
  void cluster.ended.then(() => {
    ended = true;
  });

  const api = httpClient(cluster.urls.gateway);
  const pools = new Map<ServiceName, pg.Pool>();
  const restarted = new Map<ProcessName, ServiceProcess>();
  const killRestarted = () => {
    for (const child of restarted.values()) child.kill('SIGKILL');
  };
  process.once('exit', killRestarted);

  const pool = (owner: ServiceName): pg.Pool => {
    let found = pools.get(owner);
    if (!found) {
      found = new pg.Pool({ connectionString: cluster.databases[owner].url, max: 2 });
      pools.set(owner, found);
    }
    return found;
  };

  const outage: OutageCluster = {
    cluster,
    api,
    lines,
    tokens: { buyer: '', other: '', staff: '' },
    kill: async (service) => {
      const child = restarted.get(service);
      if (!child) {
        await cluster.kill(service, 'SIGKILL');
        return;
      }
      child.kill('SIGKILL');
      await child.exited;
      restarted.delete(service);
    },
    restart: async (service) => {
      const plan = planCluster(options);
      const spec = [...plan.services, plan.gateway].find((candidate) => candidate.name === service)!;
      const child = startServiceProcess(spec, options.onLine!);
      restarted.set(service, child);
      let exit: string | undefined;
      void child.exited.then((gone) => {
        exit = `${service} died while restarting (${gone.signal ?? `code ${gone.code}`}):\n  ${child.lastLines().join('\n  ')}`;
      });
      await waitUntilReady([spec.readyUrl], Date.now() + 60_000, () => exit);
    },
    query: async <T>(owner: ServiceName, sql: string, params: unknown[] = []) => (await pool(owner).query(sql, params)).rows as T[],
    newBook: async (stock) => {
      const category = await api.post('/api/categories', { token: outage.tokens.staff, body: { name: `Outage ${randomUUID().slice(0, 8)}` } });
      if (category.status !== 201) throw new Error(`could not create a category: ${category.status} ${JSON.stringify(category.body)}`);
      const book = await api.post('/api/books', {
        token: outage.tokens.staff,
        body: {
          title: 'Outage',
          authors: ['A. Writer'],
          isbn: randomIsbn13(),
          publicationYear: 2020,
          price: 1500,
          currency: 'USD',
          stock,
          location: 'O1-1',
          categoryId: category.body.id,
        },
      });
      if (book.status !== 201) throw new Error(`could not create a book: ${book.status} ${JSON.stringify(book.body)}`);
      return book.body.id as string;
    },
    running: () => !ended,
    stop: async () => {
      try {
        await cluster.stop();
        await Promise.all([...restarted.values()].map((child) => child.stop(STOP_GRACE_MS)));
        process.off('exit', killRestarted);
        await Promise.all([...pools.values()].map((each) => each.end()));
        await dropDatabases(
          real.postgresUrl,
          Object.values(cluster.databases).map((database) => database.name),
        );
      } finally {
        await vhost.dispose();
      }
    },
  };
  try {
    outage.tokens = await signInPeople(api, admin);
  } catch (error) {
    await outage.stop();
    throw error;
  }
  return outage;
}

/** A member who buys, another member, and a staff member promoted by the configured admin. */
async function signInPeople(api: HttpClient, admin: { email: string; password: string }): Promise<OutageCluster['tokens']> {
  const register = async (name: string) => {
    const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
    const answer = await api.post('/api/auth/register', { body: { email, password: PASSWORD, name } });
    if (answer.status !== 201) throw new Error(`could not register ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return { email, id: answer.body.user.id as string, token: answer.body.accessToken as string };
  };
  const [buyer, other, staff] = await Promise.all([register('Buyer'), register('Other'), register('Staff')]);
  const signedIn = await api.post('/api/auth/login', { body: admin });
  const promoted = await api.patch(`/api/users/${staff.id}`, { token: signedIn.body.accessToken, body: { role: 'staff' } });
  if (promoted.status !== 200) throw new Error(`could not promote staff: ${promoted.status} ${JSON.stringify(promoted.body)}`);
  // The role is a claim of the token: sign in again to carry it.
  const staffToken = (await api.post('/api/auth/login', { body: { email: staff.email, password: PASSWORD } })).body.accessToken as string;
  return { buyer: buyer.token, other: other.token, staff: staffToken };
}

/**
 * Whether this suite may stop the broker: only a local one, only where `rabbitmqctl` runs, and not
 * when TEST_BROKER_RESTART=0 says the broker is shared.
 */
export async function canRestartBroker(amqpUrl: string): Promise<boolean> {
  return ['127.0.0.1', 'localhost'].includes(new URL(amqpUrl).hostname) && process.env.TEST_BROKER_RESTART !== '0' && (await hasRabbitmqctl());
}

async function hasRabbitmqctl(): Promise<boolean> {
  return run('rabbitmqctl', ['--version']).then(
    () => true,
    () => false,
  );
}

/** A virtual host named `name` for the URL's user, or the URL as it is where none can be made. */
async function createVirtualHost(amqpUrl: string, name: string): Promise<{ url: string; dispose(): Promise<void> }> {
  const url = new URL(amqpUrl);
  const local = ['127.0.0.1', 'localhost'].includes(url.hostname);
  if (!local || !(await hasRabbitmqctl())) return { url: amqpUrl, dispose: async () => {} };
  await run('rabbitmqctl', ['add_vhost', name]);
  await run('rabbitmqctl', ['set_permissions', '-p', name, decodeURIComponent(url.username) || 'guest', '.*', '.*', '.*']);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dispose: async () => {
      await run('rabbitmqctl', ['delete_vhost', name]).catch(() => {});
    },
  };
}

/** How many of these orders' reservations the catalog holds in each state, e.g. `{ committed: 30 }`. */
export async function reservationStates(outage: OutageCluster, orderIds: readonly string[]): Promise<Record<string, number>> {
  const rows = await outage.query<{ status: string; count: number }>(
    'catalog',
    'select status, count(*)::int as count from catalog.stock_reservations where order_id = any($1::uuid[]) group by status order by status',
    [orderIds],
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.count]));
}

/** The ids of the `order.placed` events the orders service wrote for these orders, sorted. */
export async function orderPlacedEventIds(outage: OutageCluster, orderIds: readonly string[]): Promise<string[]> {
  const rows = await outage.query<{ event_id: string }>(
    'orders',
    "select event_id from orders.outbox where type = 'order.placed' and envelope->'payload'->>'orderId' = any($1::text[]) order by event_id",
    [orderIds],
  );
  return rows.map((row) => row.event_id);
}

/** Every event id the catalog's reservation consumer recorded as applied, sorted (one row per event by its key). */
export async function reservationInbox(outage: OutageCluster): Promise<string[]> {
  const rows = await outage.query<{ event_id: string }>(
    'catalog',
    "select event_id from catalog.inbox where consumer_id = 'catalog.reservations' order by event_id",
  );
  return rows.map((row) => row.event_id);
}

/** Events still waiting in a service's outbox for the relay. */
export async function unpublished(outage: OutageCluster, owner: ServiceName): Promise<number> {
  const [row] = await outage.query<{ count: number }>(owner, `select count(*)::int as count from ${owner}.outbox where published_at is null`);
  return row!.count;
}

/** A book's stock as the catalog's database holds it. */
export async function stockOf(outage: OutageCluster, bookId: string): Promise<number> {
  const [row] = await outage.query<{ stock: number }>('catalog', 'select stock from catalog.books where id = $1', [bookId]);
  return row!.stock;
}
