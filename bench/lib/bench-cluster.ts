import { randomBytes } from 'node:crypto';
import { dropDatabases, startCluster } from '@pustaka/cluster';
import type { Cluster, ProcessName } from '@pustaka/cluster';
import { clusterOptionsFromEnv } from '@pustaka/cluster/config';
import { databasesWithPrefix } from './pg.ts';
import { createBrokerScope } from './rabbit-vhost.ts';
import { freeClusterPorts } from '@pustaka/cluster/testing';

export interface BenchCluster {
  cluster: Cluster;
  gateway: string;
  /** The PostgreSQL server the services' databases (and the baseline's) live on. */
  serverUrl: string;
  prefix: string;
  admin: { email: string; password: string };
  /** Notes for the report: log level, pool size, isolation. */
  notes: string[];
  /** What the services printed (at LOG_LEVEL=warn: warnings and errors only), counted by kind. */
  logLines(): Map<string, number>;
  /** Why the cluster went down, if it did during the run. */
  crashed(): string | undefined;
  /** Stops every process, drops every database under the prefix (the baseline's too), removes the vhost. */
  stop(): Promise<void>;
}

// Kinds of lines kept apart; past that, the rest are counted as one.
const KEPT_KINDS = 40;

/**
 * The cluster (`npm run cluster`'s launcher) on free loopback ports, fresh databases under a
 * random prefix, a Redis database and a RabbitMQ vhost of its own, quiet logs, and limits meant for
 * real clients (rate limit, sign-in throttle) raised, since every bench request comes from one address.
 */
export async function startBenchCluster(): Promise<BenchCluster> {
  const base = clusterOptionsFromEnv(process.env);
  const prefix = `pustaka_b${randomBytes(4).toString('hex')}`;
  const broker = await createBrokerScope(base.amqpUrl, prefix);
  const redis = new URL(base.redisUrl);
  redis.pathname = `/${process.env.BENCH_REDIS_DB ?? '11'}`;
  const admin = { email: `admin-${prefix}@example.com`, password: `bench passphrase ${randomBytes(8).toString('hex')}` };
  const quiet = { LOG_LEVEL: 'warn', LOG_PRETTY: 'false', NODE_ENV: 'production' };
  const poolMax = process.env.BENCH_DATABASE_POOL_MAX;
  const pool: Record<string, string> = poolMax ? { DATABASE_POOL_MAX: poolMax } : {};
  const lines = new Map<string, number>();
  let crash: string | undefined;
  let cluster: Cluster | undefined;
  let stopping: Promise<void> | undefined;
  const abort = new AbortController();
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      await cluster?.stop();
      await dropDatabases(base.postgresUrl, await databasesWithPrefix(base.postgresUrl, prefix));
      await broker.remove();
    })();
    return stopping;
  };
  // The services run in process groups of their own: Ctrl-C reaches only this process, which must
  // stop them and clean up rather than leave them (and their databases) behind.
  function onSignal(signal: NodeJS.Signals): void {
    console.error(`\n${signal}: stopping the cluster and dropping its databases...`);
    abort.abort();
    void stop().finally(() => process.exit(130));
  }
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    cluster = await startCluster({
      ...base,
      host: '127.0.0.1',
      ports: await freeClusterPorts(),
      databasePrefix: prefix,
      redisUrl: redis.toString(),
      amqpUrl: broker.amqpUrl,
      localDefaults: false,
      stopGraceMs: 5_000,
      signal: abort.signal,
      env: {
        // Tokens outlive the whole run, so no round stops to sign members in again.
        identity: {
          ...quiet,
          ...pool,
          ADMIN_EMAIL: admin.email,
          ADMIN_PASSWORD: admin.password,
          LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
          // Every bench member signs up from this machine's one address.
          REGISTRATIONS_PER_ADDRESS_PER_HOUR: '100000',
          ACCESS_TOKEN_TTL_SECONDS: '7200',
        },
        catalog: { ...quiet, ...pool },
        orders: { ...quiet, ...pool },
        ticketing: { ...quiet, ...pool },
        gateway: { ...quiet, RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_AUTH_PER_MINUTE: '100000000' },
      },
      onLine: (service, line) => {
        const kind = kindOf(service, line);
        const key = lines.has(kind) || lines.size < KEPT_KINDS ? kind : `${service} | other`;
        lines.set(key, (lines.get(key) ?? 0) + 1);
      },
    });
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  void cluster.ended.then((end) => {
    if (end.reason === 'crashed') crash = `${end.service} died (${end.exit.signal ?? `code ${end.exit.code}`})`;
  });
  const notes = [
    `services at LOG_LEVEL=warn, NODE_ENV=production; database pool ${poolMax ?? '10 (default)'} per service; gateway rate limit raised to 100M/min, access tokens 2 h`,
    broker.warning ?? `RabbitMQ vhost ${prefix}, Redis db ${redis.pathname.slice(1)}, databases ${prefix}_*`,
  ];
  return {
    cluster,
    gateway: cluster.urls.gateway,
    serverUrl: base.postgresUrl,
    prefix,
    admin,
    notes,
    logLines: () => new Map(lines),
    crashed: () => crash,
    stop,
  };
}

/** `gateway | error: Request aborted (RequestAbortedError)`: a pino JSON line by level, message and error type. */
function kindOf(service: ProcessName, line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { type?: string } };
    const level = ({ 40: 'warn', 50: 'error', 60: 'fatal' } as Record<number, string>)[entry.level ?? 0] ?? `level ${entry.level}`;
    return `${service} | ${level}: ${entry.msg ?? ''}${entry.err?.type ? ` (${entry.err.type})` : ''}`;
  } catch {
    return `${service} | ${line.slice(0, 160)}`;
  }
}
