import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dropDatabases } from '@pustaka/cluster';
import { clusterOptionsFromEnv } from '@pustaka/cluster/config';
import { createTestTokens, freePorts } from '@pustaka/kit/testing';
import { startChildServer } from './child-server.ts';
import { createDatabase, databasesWithPrefix } from './pg.ts';
import { createBrokerScope } from './rabbit-vhost.ts';
import { serveJwks } from './stand-in-identity.ts';

const TICKETING_MAIN = fileURLToPath(new URL('../../services/ticketing/main.ts', import.meta.url));

export interface TicketingUnderLoad {
  /** Where the ticketing API answers, e.g. `http://127.0.0.1:41234`. */
  api: string;
  /** Its database, for the checks that read the tables directly. */
  databaseUrl: string;
  databaseName: string;
  /** The service's process, for measuring its CPU. */
  pid: number | undefined;
  staffToken: string;
  /** Signs a member's access token (each call a new member unless `userId` is given). */
  memberToken(userId?: string): Promise<string>;
  notes: string[];
  stop(): Promise<void>;
}

/**
 * Ticketing as its own process, started by its `main.ts` as in the cluster, on a fresh database of
 * the real PostgreSQL, Redis and a RabbitMQ vhost of its own. Identity is not needed to take seats:
 * this process stands in for it, serving the public key (JWKS) the service verifies tokens with
 * and signing the staff's and members' tokens itself.
 */
export async function startTicketingAlone(options: { logLevel?: string } = {}): Promise<TicketingUnderLoad> {
  const logLevel = options.logLevel ?? 'warn';
  const base = clusterOptionsFromEnv(process.env);
  const prefix = `pustaka_b${randomBytes(4).toString('hex')}`;
  const databaseName = `${prefix}_ticketing`;
  const tokens = await createTestTokens();
  // The stand-in identity only publishes its keys; its factory needs nothing from a platform.
  const keys = await (await tokens.service(undefined as never)).jwks!();
  const [apiPort, jwksPort] = await freePorts(2);
  const jwks = await serveJwks(jwksPort!, keys);
  const broker = await createBrokerScope(base.amqpUrl, prefix);
  const databaseUrl = databaseUrlOf(base.postgresUrl, databaseName);
  const redis = new URL(base.redisUrl);
  redis.pathname = `/${process.env.BENCH_REDIS_DB ?? '11'}`;
  const cleanUp = async () => {
    await new Promise((resolve) => jwks.close(resolve));
    await dropDatabases(base.postgresUrl, await databasesWithPrefix(base.postgresUrl, prefix));
    await broker.remove();
  };
  let child: Awaited<ReturnType<typeof startChildServer>> | undefined;
  try {
    await createDatabase(base.postgresUrl, databaseName);
    child = await startChildServer(
      TICKETING_MAIN,
      {
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.toString(),
        AMQP_URL: broker.amqpUrl,
        JWKS_URL: `http://127.0.0.1:${jwksPort}/.well-known/jwks.json`,
        LOG_LEVEL: logLevel,
        LOG_PRETTY: 'false',
        NODE_ENV: 'production',
        SHUTDOWN_GRACE_MS: '5000',
        ...(process.env.BENCH_DATABASE_POOL_MAX ? { DATABASE_POOL_MAX: process.env.BENCH_DATABASE_POOL_MAX } : {}),
      },
      { port: apiPort!, readyPath: '/readyz' },
    );
  } catch (error) {
    await cleanUp().catch(() => {});
    throw error;
  }
  const started = child;
  return {
    api: started.url,
    databaseUrl,
    databaseName,
    pid: started.pid,
    // Tokens outlive the whole run, so nobody stops to sign in again.
    staffToken: await tokens.issue({ role: 'staff', expiresInSeconds: 7200 }),
    memberToken: (userId = randomUUID()) => tokens.issue({ role: 'member', userId, expiresInSeconds: 7200 }),
    notes: [
      `ticketing in its own process (services/ticketing/main.ts) at LOG_LEVEL=${logLevel}, NODE_ENV=production, database pool ${process.env.BENCH_DATABASE_POOL_MAX ?? '10 (default)'}; ` +
        'tokens signed by the bench (a stand-in identity), no gateway: the service and its database alone',
      broker.warning ?? `database ${databaseName}, RabbitMQ vhost ${prefix}, Redis db ${redis.pathname.slice(1)}`,
    ],
    stop: async () => {
      await started.stop();
      await cleanUp();
    },
  };
}

function databaseUrlOf(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
