import { join } from 'node:path';
import { envName } from '@pustaka/kit/manifest';
import { defaultMetricsPort } from '@pustaka/kit/metrics';
import { envOf, rpcUrlKey } from '@pustaka/kit/platform';
import { services } from '@pustaka/services';
import type { ServiceName } from '@pustaka/services';

export type { ServiceName } from '@pustaka/services';
/** A replica of a service past its first: `notify-2`. */
export type ReplicaName = `${ServiceName}-${number}`;
/** Every process of a cluster: the services of the list (and their replicas), and the gateway in front of them. */
export type ProcessName = ServiceName | ReplicaName | 'gateway';

/** Where one service listens: HTTP always, gRPC when it serves it, and its metrics. */
export interface ServicePorts {
  http: number;
  rpc?: number | undefined;
  /** `/metrics`; default: the HTTP port + 6000 (identity 9001, ...), a free one if that is taken. */
  metrics?: number | undefined;
}

export interface ClusterPorts {
  gateway: number;
  /** The gateway's `/metrics`; default: its port + 6000 (14080). */
  gatewayMetrics?: number | undefined;
  /** Each service's first process. */
  services: Record<ServiceName, ServicePorts>;
  /** The second replica's on of a service run as several; default: its first's ports + 100 per replica. */
  replicas?: Partial<Record<ServiceName, ServicePorts[]>>;
}

export interface ClusterOptions {
  /** Where every process listens; loopback keeps the services off the network. */
  host: string;
  ports: ClusterPorts;
  /** A database on the server to connect to while creating the services' own. */
  postgresUrl: string;
  /** Each service's database is `<prefix>_<schema>`: `pustaka_identity`, `pustaka_catalog`, ... */
  databasePrefix: string;
  redisUrl: string;
  amqpUrl: string;
  /** Each service's settings for a developer's machine (`localDefaults`: the demo shop, a first admin). */
  localDefaults: boolean;
  /** How many processes of a service to run (1 unless given), which the gateway sends requests to in turn: `{ notify: 2 }`. */
  replicas?: Partial<Record<ServiceName, number>>;
  startTimeoutMs: number;
  stopGraceMs: number;
  /** Where members reach the cluster (its gateway behind a proxy or a name); default: the gateway's address. */
  publicBaseUrl?: string | undefined;
  /** Extra environment for one process, over everything the plan sets (tests: admin account, limits). */
  env?: Partial<Record<ProcessName, Record<string, string>>>;
  /** Each line a process prints; default: to this process's stdout, prefixed with the process's name. */
  onLine?: (process: ProcessName, line: string) => void;
  /** Aborting stops the cluster (or its start). */
  signal?: AbortSignal;
}

export interface ClusterUrls {
  gateway: string;
  docs: string;
  /** Each service's own HTTP address (behind the gateway): its first replica's. */
  http: Record<ServiceName, string>;
  /** Every replica's HTTP address, the first's first. */
  replicas: Record<ServiceName, string[]>;
  /** The gRPC address of each service that serves gRPC. */
  rpc: Partial<Record<ServiceName, string>>;
  /**
   * Where each process serves `/metrics` (every replica and the gateway): what a Prometheus
   * scrapes. A default port that was taken at start moves to a free one, which the process logs.
   */
  metrics: Partial<Record<ProcessName, string>>;
}

export interface ProcessSpec {
  name: ProcessName;
  script: string;
  /** The repository root, so relative paths (DATA_DIR) mean the same as under `npm start`. */
  cwd: string;
  env: Record<string, string>;
  /** Answers 200 once the process is ready for traffic. */
  readyUrl: string;
}

export interface ClusterPlan {
  urls: ClusterUrls;
  /** The services, started together; the gateway starts once they are all ready. */
  services: ProcessSpec[];
  gateway: ProcessSpec;
}

const ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * The name of a service's database under a prefix.
 *
 * @example
 *   databaseName('pustaka', 'catalog'); // 'pustaka_catalog'
 */
export function databaseName(prefix: string, schema: string): string {
  return `${prefix}_${schema}`;
}

/**
 * The same server and credentials as `serverUrl`, another database.
 *
 * @example
 *   databaseUrl('postgres://postgres@127.0.0.1:5432/postgres', 'pustaka_orders'); // 'postgres://postgres@127.0.0.1:5432/pustaka_orders'
 */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Each service's database, by service: `<prefix>_<schema>` on the server of `postgresUrl`.
 *
 * @example
 *   clusterDatabases(options).catalog; // { name: 'pustaka_catalog', url: 'postgres://...' }
 */
export function clusterDatabases(options: Pick<ClusterOptions, 'postgresUrl' | 'databasePrefix'>): Record<ServiceName, { name: string; url: string }> {
  return Object.fromEntries(
    services.map((service) => {
      const name = databaseName(options.databasePrefix, service.schema);
      return [service.name, { name, url: databaseUrl(options.postgresUrl, name) }];
    }),
  ) as Record<ServiceName, { name: string; url: string }>;
}

/**
 * Where each process listens and what it is told, all from the services' manifests: its own
 * database, the shared Redis and RabbitMQ, identity's keys (for every service that does not sign
 * tokens), the gRPC address of each service it calls, and for the gateway where each service is.
 * Each service is given its local defaults (when on), then the launcher's environment, then what
 * the plan decides, then `options.env`. The services trust the gateway (on loopback) for
 * X-Forwarded-For, so identity throttles sign-ins by the real client address.
 *
 * @example
 *   const { urls, services, gateway } = planCluster(clusterOptionsFromEnv()); // urls.gateway === 'http://127.0.0.1:8080'
 */
export function planCluster(options: ClusterOptions): ClusterPlan {
  // Processes reach each other on loopback even when they listen on every interface.
  const local = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const at = (port: number) => `http://${local.includes(':') ? `[${local}]` : local}:${port}`;
  const ports = options.ports;
  const replicaPorts = (name: ServiceName) => replicaPortsOf(options, name);
  const urls: ClusterUrls = {
    gateway: at(ports.gateway),
    docs: `${at(ports.gateway)}/docs`,
    http: Object.fromEntries(services.map((service) => [service.name, at(ports.services[service.name].http)])) as Record<ServiceName, string>,
    replicas: Object.fromEntries(services.map((service) => [service.name, replicaPorts(service.name).map((own) => at(own.http))])) as Record<
      ServiceName,
      string[]
    >,
    rpc: Object.fromEntries(
      services.flatMap((service) => {
        const rpc = ports.services[service.name].rpc;
        return rpc ? [[service.name, at(rpc)]] : [];
      }),
    ),
    metrics: {},
  };
  const metricsPortOf = (own: { http: number; metrics?: number | undefined }) => own.metrics ?? defaultMetricsPort(own.http);
  urls.metrics = {
    gateway: `${at(ports.gatewayMetrics ?? defaultMetricsPort(ports.gateway))}/metrics`,
    ...Object.fromEntries(
      services.flatMap((service) =>
        replicaPorts(service.name).map((own, i) => [i === 0 ? service.name : `${service.name}-${i + 1}`, `${at(metricsPortOf(own))}/metrics`]),
      ),
    ),
  };
  const databases = clusterDatabases(options);
  const signer = services.find((service) => service.signsTokens);
  const jwks = signer ? `${urls.http[signer.name]}/.well-known/jwks.json` : undefined;
  const spec = (name: ProcessName, script: string, env: Record<string, string>, readyUrl: string): ProcessSpec => ({
    name,
    script,
    cwd: ROOT,
    env: { SHUTDOWN_GRACE_MS: String(options.stopGraceMs), ...env, ...options.env?.[name] },
    readyUrl: `${readyUrl}/readyz`,
  });

  const serviceSpecs = services.flatMap((service) => {
    const calls = service.rpc?.calls ?? [];
    const missing = calls.filter((callee) => !urls.rpc[callee as ServiceName]);
    if (missing.length > 0) throw new Error(`${service.name} calls ${missing.join(', ')} over gRPC, which serves none in this cluster`);
    return replicaPorts(service.name).map((own, i) =>
      spec(
        i === 0 ? service.name : (`${service.name}-${i + 1}` as ReplicaName),
        join(ROOT, 'services', service.name, 'main.ts'),
        {
          ...(options.localDefaults ? envOf(service.localDefaults) : {}),
          ...inheritedSettings(service.settings.properties),
          HOST: options.host,
          PORT: String(own.http),
          ...(own.rpc ? { RPC_PORT: String(own.rpc) } : {}),
          ...(own.metrics ? { METRICS_PORT: String(own.metrics) } : {}),
          DATABASE_URL: databases[service.name].url,
          REDIS_URL: options.redisUrl,
          AMQP_URL: options.amqpUrl,
          TRUST_PROXY: 'loopback',
          PUBLIC_BASE_URL: options.publicBaseUrl ?? urls.gateway,
          ...(service.signsTokens || !jwks ? {} : { JWKS_URL: jwks }),
          // gRPC goes to a callee's first replica: its clients hold one connection each.
          ...Object.fromEntries(calls.map((callee) => [rpcUrlKey(callee), urls.rpc[callee as ServiceName]!])),
        },
        at(own.http),
      ),
    );
  });
  const gateway = spec(
    'gateway',
    join(ROOT, 'apps', 'gateway', 'main.ts'),
    {
      HOST: options.host,
      PORT: String(ports.gateway),
      ...(ports.gatewayMetrics ? { METRICS_PORT: String(ports.gatewayMetrics) } : {}),
      REDIS_URL: options.redisUrl,
      // Every replica, which the gateway takes in turn.
      ...Object.fromEntries(services.map((service) => [`${envName(service.name)}_URL`, urls.replicas[service.name].join(',')])),
    },
    urls.gateway,
  );
  return { urls, services: serviceSpecs, gateway };
}

/** The ports of each process of a service: its first's, then each further replica's (given, or the first's + 100 per replica). */
function replicaPortsOf(options: Pick<ClusterOptions, 'ports' | 'replicas'>, name: ServiceName): ServicePorts[] {
  const first = options.ports.services[name];
  const count = options.replicas?.[name] ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new Error(`${name}: replicas must be a whole number from 1, not ${count}`);
  return Array.from({ length: count }, (_, i) => {
    if (i === 0) return first;
    const given = options.ports.replicas?.[name]?.[i - 1];
    return (
      given ?? {
        http: first.http + 100 * i,
        rpc: first.rpc === undefined ? undefined : first.rpc + 100 * i,
        metrics: first.metrics === undefined ? undefined : first.metrics + 100 * i,
      }
    );
  });
}

/** The launcher's own environment keeps its say over a service's settings (`SEED_DEMO=false npm run cluster`). */
function inheritedSettings(properties: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.keys(properties).flatMap((key) => (process.env[key] ? [[key, process.env[key]!]] : [])));
}
