import { join } from 'node:path';

/** The processes of a cluster, in the order they are listed and stopped after the gateway. */
export const SERVICES = ['identity', 'catalog', 'orders', 'ticketing', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];
/** The services that own a database. */
export const DATA_OWNERS = ['identity', 'catalog', 'orders', 'ticketing'] as const;
export type DataOwner = (typeof DATA_OWNERS)[number];

/** Where each process listens: HTTP for every service, gRPC for those the others call. */
export interface ClusterPorts {
  gateway: number;
  identity: number;
  catalog: number;
  catalogRpc: number;
  orders: number;
  ordersRpc: number;
  ticketing: number;
}

export interface ClusterOptions {
  /** Where every process listens; loopback keeps the services off the network. */
  host: string;
  ports: ClusterPorts;
  /** A database on the server to connect to while creating the services' own. */
  postgresUrl: string;
  /** Service databases are `<prefix>_identity`, `<prefix>_catalog`, `<prefix>_orders`, `<prefix>_ticketing`. */
  databasePrefix: string;
  redisUrl: string;
  amqpUrl: string;
  /** Seed the demo shop into an empty catalog. */
  seedDemo: boolean;
  startTimeoutMs: number;
  stopGraceMs: number;
  /** Extra environment for one process, over everything the plan sets (tests: admin account, limits). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Each line a process prints; default: to this process's stdout, prefixed with the service's name. */
  onLine?: (service: ServiceName, line: string) => void;
  /** Aborting stops the cluster (or its start). */
  signal?: AbortSignal;
}

export interface ClusterUrls {
  gateway: string;
  docs: string;
  identity: string;
  catalog: string;
  catalogRpc: string;
  orders: string;
  ordersRpc: string;
  ticketing: string;
}

export interface ServiceSpec {
  name: ServiceName;
  script: string;
  /** The repository root, so relative paths (DATA_DIR) mean the same as under `npm start`. */
  cwd: string;
  env: Record<string, string>;
  /** Answers 200 once the process is ready for traffic. */
  readyUrl: string;
}

const ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * The name of a service's database under a prefix.
 *
 * @example
 *   databaseName('pustaka', 'catalog'); // 'pustaka_catalog'
 */
export function databaseName(prefix: string, owner: DataOwner): string {
  return `${prefix}_${owner}`;
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
 * Where each process listens and what it is told: its own database, the shared Redis and RabbitMQ,
 * identity's keys, each other's gRPC addresses (orders reserves stock at the catalog; the catalog's
 * expiry job asks orders which reservations became orders), and for the gateway its upstreams. The services
 * behind the gateway trust it (on loopback) for X-Forwarded-For, so identity throttles sign-ins by
 * the real client address, not the gateway's.
 *
 * @example
 *   const { urls, specs } = planCluster(clusterOptionsFromEnv()); // urls.gateway === 'http://127.0.0.1:8080'
 */
export function planCluster(options: ClusterOptions): { urls: ClusterUrls; specs: ServiceSpec[] } {
  // Processes reach each other on loopback even when they listen on every interface.
  const local = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const at = (port: number) => `http://${local.includes(':') ? `[${local}]` : local}:${port}`;
  const { ports } = options;
  const urls: ClusterUrls = {
    gateway: at(ports.gateway),
    docs: `${at(ports.gateway)}/docs`,
    identity: at(ports.identity),
    catalog: at(ports.catalog),
    catalogRpc: at(ports.catalogRpc),
    orders: at(ports.orders),
    ordersRpc: at(ports.ordersRpc),
    ticketing: at(ports.ticketing),
  };
  const dbUrl = (owner: DataOwner) => databaseUrl(options.postgresUrl, databaseName(options.databasePrefix, owner));
  const behindGateway = { HOST: options.host, REDIS_URL: options.redisUrl, AMQP_URL: options.amqpUrl, TRUST_PROXY: 'loopback' };
  const jwks = `${urls.identity}/.well-known/jwks.json`;
  const env: Record<ServiceName, Record<string, string>> = {
    identity: { ...behindGateway, PORT: String(ports.identity), DATABASE_URL: dbUrl('identity'), CREATE_DEFAULT_ADMIN: 'true' },
    catalog: {
      ...behindGateway, PORT: String(ports.catalog), RPC_PORT: String(ports.catalogRpc), DATABASE_URL: dbUrl('catalog'),
      JWKS_URL: jwks, SEED_DEMO: String(options.seedDemo), ORDERS_RPC_URL: urls.ordersRpc,
    },
    orders: {
      ...behindGateway, PORT: String(ports.orders), RPC_PORT: String(ports.ordersRpc), DATABASE_URL: dbUrl('orders'),
      JWKS_URL: jwks, CATALOG_RPC_URL: urls.catalogRpc,
    },
    ticketing: { ...behindGateway, PORT: String(ports.ticketing), DATABASE_URL: dbUrl('ticketing'), JWKS_URL: jwks },
    gateway: {
      HOST: options.host, PORT: String(ports.gateway), REDIS_URL: options.redisUrl,
      IDENTITY_URL: urls.identity, CATALOG_URL: urls.catalog, ORDERS_URL: urls.orders, TICKETING_URL: urls.ticketing,
    },
  };
  const specs = SERVICES.map((name) => ({
    name,
    script: join(ROOT, 'services', name, 'main.ts'),
    cwd: ROOT,
    env: { SHUTDOWN_GRACE_MS: String(options.stopGraceMs), ...env[name], ...options.env?.[name] },
    readyUrl: `${name === 'gateway' ? urls.gateway : urls[name]}/readyz`,
  }));
  return { urls, specs };
}
