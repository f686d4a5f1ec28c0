import { Type } from 'typebox';
import type { TSchema } from 'typebox';
import { loadConfig } from '@pustaka/kit/config';
import { envName } from '@pustaka/kit/manifest';
import { services } from '@pustaka/services';
import type { ServiceName } from '@pustaka/services';
import type { ClusterOptions, ServicePorts } from './src/cluster-plan.ts';

const Port = (fallback: number) => Type.Integer({ minimum: 1, maximum: 65_535, default: fallback });

/**
 * What `npm run cluster` reads: each service's ports (`CLUSTER_<NAME>_PORT`, `CLUSTER_<NAME>_RPC_PORT`,
 * defaulting to its manifest's), and where PostgreSQL, Redis and RabbitMQ are. Each URL also falls
 * back to the name the services use (REDIS_URL, AMQP_URL).
 */
export const ClusterEnv = Type.Object({
  CLUSTER_HOST: Type.String({ default: '127.0.0.1' }),
  CLUSTER_GATEWAY_PORT: Port(8080),
  ...Object.fromEntries(
    services.flatMap((service): Array<[string, TSchema]> => [
      [`CLUSTER_${envName(service.name)}_PORT`, Port(service.http.port)],
      ...(service.rpc?.port ? [[`CLUSTER_${envName(service.name)}_RPC_PORT`, Port(service.rpc.port)] as [string, TSchema]] : []),
    ]),
  ),
  /** A database on the server to connect to while creating the services' own (`<prefix>_identity`, ...). */
  CLUSTER_DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', default: 'postgres://postgres@127.0.0.1:5432/postgres' }),
  CLUSTER_DATABASE_PREFIX: Type.String({ pattern: '^[a-z][a-z0-9_]{0,40}$', default: 'pustaka' }),
  CLUSTER_REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  REDIS_URL: Type.String({ pattern: '^rediss?://', default: 'redis://127.0.0.1:6379' }),
  CLUSTER_AMQP_URL: Type.Optional(Type.String({ pattern: '^amqps?://' })),
  AMQP_URL: Type.String({ pattern: '^amqps?://', default: 'amqp://guest:guest@127.0.0.1:5672' }),
  /** Give each service the settings of a developer's machine: the demo shop, a first admin printed once. */
  CLUSTER_LOCAL_DEFAULTS: Type.Boolean({ default: true }),
  /** Services run as several processes behind the gateway, `notify=2,catalog=2`; each further one listens at its first's ports + 100 per replica. */
  CLUSTER_REPLICAS: Type.String({ pattern: '^$|^[a-z][a-z0-9-]*=[1-9][0-9]?(,[a-z][a-z0-9-]*=[1-9][0-9]?)*$', default: '' }),
  /** Where members reach the cluster, for the services' absolute links; default: the gateway's own address. */
  PUBLIC_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^/?#\\s]+(/[^?#\\s]*)?$', maxLength: 200 })),
  CLUSTER_START_TIMEOUT_MS: Type.Integer({ minimum: 1_000, default: 60_000 }),
  /** After SIGTERM, how long a service may take to finish before it is killed. */
  CLUSTER_STOP_GRACE_MS: Type.Integer({ minimum: 0, default: 10_000 }),
});

/**
 * The launcher's options from the environment, every default applied.
 *
 * @example
 *   const cluster = await startCluster({ ...clusterOptionsFromEnv(), onLine: print });
 */
export function clusterOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ClusterOptions {
  const config = loadConfig(ClusterEnv, env) as Record<string, unknown> & ReturnType<typeof loadConfig<typeof ClusterEnv>>;
  const ports = (service: ServiceName): ServicePorts => ({
    http: config[`CLUSTER_${envName(service)}_PORT`] as number,
    rpc: config[`CLUSTER_${envName(service)}_RPC_PORT`] as number | undefined,
  });
  return {
    host: config.CLUSTER_HOST,
    ports: {
      gateway: config.CLUSTER_GATEWAY_PORT,
      services: Object.fromEntries(services.map((service) => [service.name, ports(service.name)])) as Record<ServiceName, ServicePorts>,
    },
    postgresUrl: config.CLUSTER_DATABASE_URL,
    databasePrefix: config.CLUSTER_DATABASE_PREFIX,
    redisUrl: config.CLUSTER_REDIS_URL ?? config.REDIS_URL,
    amqpUrl: config.CLUSTER_AMQP_URL ?? config.AMQP_URL,
    localDefaults: config.CLUSTER_LOCAL_DEFAULTS,
    replicas: replicasOf(config.CLUSTER_REPLICAS),
    startTimeoutMs: config.CLUSTER_START_TIMEOUT_MS,
    stopGraceMs: config.CLUSTER_STOP_GRACE_MS,
    publicBaseUrl: config.PUBLIC_BASE_URL,
  };
}

/**
 * `notify=2,catalog=3` as counts per service of the list.
 *
 * @example
 *   replicasOf('notify=2'); // { notify: 2 }
 */
export function replicasOf(value: string): Partial<Record<ServiceName, number>> {
  const counts: Partial<Record<ServiceName, number>> = {};
  for (const entry of value.split(',').filter(Boolean)) {
    const [name, count] = entry.split('=') as [string, string];
    if (!services.some((service) => service.name === name)) throw new Error(`CLUSTER_REPLICAS: no service is named ${name}`);
    counts[name as ServiceName] = Number(count);
  }
  return counts;
}
