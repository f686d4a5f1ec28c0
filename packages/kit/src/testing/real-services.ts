import pg from 'pg';
import { listening } from './ports.ts';
import { Redis } from 'ioredis';
import { Connection } from 'rabbitmq-client';

/** Where the real-service suites connect; `undefined` means that suite is skipped on this machine. */
export interface RealServices {
  postgresUrl?: string | undefined;
  redisUrl?: string | undefined;
  amqpUrl?: string | undefined;
  /** Why a service is missing, for the skip notice. */
  missing: string[];
}

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/**
 * Finds real PostgreSQL, Redis and RabbitMQ: the URLs in `TEST_DATABASE_URL` / `TEST_REDIS_URL` /
 * `TEST_AMQP_URL`, else the standard local ports. With `TEST_REQUIRE_REAL_SERVICES=1` (CI) a
 * missing service is an error, never a skip.
 */
export async function detectRealServices(env: NodeJS.ProcessEnv = process.env): Promise<RealServices> {
  const required = env.TEST_REQUIRE_REAL_SERVICES === '1';
  const postgresUrl = env.TEST_DATABASE_URL || DEFAULT_POSTGRES_URL;
  const redisUrl = env.TEST_REDIS_URL || DEFAULT_REDIS_URL;
  const amqpUrl = env.TEST_AMQP_URL || DEFAULT_AMQP_URL;
  const [postgresError, redisError, amqpError] = await Promise.all([probePostgres(postgresUrl), probeRedis(redisUrl), probeAmqp(amqpUrl)]);
  const missing = [
    ...(postgresError ? [`PostgreSQL at ${redact(postgresUrl)} (${postgresError})`] : []),
    ...(redisError ? [`Redis at ${redact(redisUrl)} (${redisError})`] : []),
    ...(amqpError ? [`RabbitMQ at ${redact(amqpUrl)} (${amqpError})`] : []),
  ];
  if (required && missing.length > 0) {
    throw new Error(`TEST_REQUIRE_REAL_SERVICES=1 but not reachable: ${missing.join('; ')}`);
  }
  return {
    postgresUrl: postgresError ? undefined : postgresUrl,
    redisUrl: redisError ? undefined : redisUrl,
    amqpUrl: amqpError ? undefined : amqpUrl,
    missing,
  };
}

async function probePostgres(url: string): Promise<string | undefined> {
  if (!(await listening(url, 5432))) return 'port closed';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

async function probeRedis(url: string): Promise<string | undefined> {
  if (!(await listening(url, 6379))) return 'port closed';
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    redis.disconnect();
  }
}

async function probeAmqp(url: string): Promise<string | undefined> {
  if (!(await listening(url, 5672))) return 'port closed';
  const connection = new Connection({ url, connectionTimeout: 2000, retryHigh: 2000 });
  connection.on('error', () => {});
  try {
    await connection.onConnect(2000, true);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await connection.close().catch(() => {});
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}
