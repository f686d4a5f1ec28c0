import { Type } from 'typebox';
import type { Static } from 'typebox';
import { loadConfig } from '@pustaka/kit/config';
import type { ClusterOptions } from './src/cluster-plan.ts';

const Port = (fallback: number) => Type.Integer({ minimum: 1, maximum: 65_535, default: fallback });

/** What `npm run cluster` reads. Each URL also falls back to the name the services use (REDIS_URL, AMQP_URL). */
export const ClusterEnv = Type.Object({
  CLUSTER_HOST: Type.String({ default: '127.0.0.1' }),
  CLUSTER_GATEWAY_PORT: Port(8080),
  CLUSTER_IDENTITY_PORT: Port(3001),
  CLUSTER_CATALOG_PORT: Port(3002),
  CLUSTER_CATALOG_RPC_PORT: Port(4002),
  CLUSTER_ORDERS_PORT: Port(3003),
  CLUSTER_ORDERS_RPC_PORT: Port(4003),
  CLUSTER_TICKETING_PORT: Port(3004),
  /** A database on the server to connect to while creating the services' own (`<prefix>_identity`, ...). */
  CLUSTER_DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', default: 'postgres://postgres@127.0.0.1:5432/postgres' }),
  CLUSTER_DATABASE_PREFIX: Type.String({ pattern: '^[a-z][a-z0-9_]{0,40}$', default: 'pustaka' }),
  CLUSTER_REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  REDIS_URL: Type.String({ pattern: '^rediss?://', default: 'redis://127.0.0.1:6379' }),
  CLUSTER_AMQP_URL: Type.Optional(Type.String({ pattern: '^amqps?://' })),
  AMQP_URL: Type.String({ pattern: '^amqps?://', default: 'amqp://guest:guest@127.0.0.1:5672' }),
  CLUSTER_SEED_DEMO: Type.Boolean({ default: true }),
  CLUSTER_START_TIMEOUT_MS: Type.Integer({ minimum: 1_000, default: 60_000 }),
  /** After SIGTERM, how long a service may take to finish before it is killed. */
  CLUSTER_STOP_GRACE_MS: Type.Integer({ minimum: 0, default: 10_000 }),
});

export type ClusterConfig = Static<typeof ClusterEnv>;

/**
 * The launcher's options from the environment, every default applied.
 *
 * @example
 *   const cluster = await startCluster({ ...clusterOptionsFromEnv(), onLine: print });
 */
export function clusterOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ClusterOptions {
  const config = loadConfig(ClusterEnv, env);
  return {
    host: config.CLUSTER_HOST,
    ports: {
      gateway: config.CLUSTER_GATEWAY_PORT,
      identity: config.CLUSTER_IDENTITY_PORT,
      catalog: config.CLUSTER_CATALOG_PORT,
      catalogRpc: config.CLUSTER_CATALOG_RPC_PORT,
      orders: config.CLUSTER_ORDERS_PORT,
      ordersRpc: config.CLUSTER_ORDERS_RPC_PORT,
      ticketing: config.CLUSTER_TICKETING_PORT,
    },
    postgresUrl: config.CLUSTER_DATABASE_URL,
    databasePrefix: config.CLUSTER_DATABASE_PREFIX,
    redisUrl: config.CLUSTER_REDIS_URL ?? config.REDIS_URL,
    amqpUrl: config.CLUSTER_AMQP_URL ?? config.AMQP_URL,
    seedDemo: config.CLUSTER_SEED_DEMO,
    startTimeoutMs: config.CLUSTER_START_TIMEOUT_MS,
    stopGraceMs: config.CLUSTER_STOP_GRACE_MS,
  };
}
