import { clusterDatabases, planCluster } from './cluster-plan.ts';
import type { ClusterOptions, ClusterUrls, ProcessName, ProcessSpec, ServiceName } from './cluster-plan.ts';
import { ensureDatabases } from './databases.ts';
import { assertListening } from './preflight.ts';
import { startServiceProcess } from './service-process.ts';
import type { ProcessExit, ServiceProcess } from './service-process.ts';
import { waitUntilReady } from './wait-ready.ts';
import { services } from '@pustaka/services';

export { dropDatabases, ensureDatabases } from './databases.ts';
export { clusterDatabases } from './cluster-plan.ts';
export type { ClusterOptions, ClusterPorts, ClusterUrls, ProcessName, ServiceName } from './cluster-plan.ts';

export type ClusterEnd = { reason: 'stopped' } | { reason: 'crashed'; service: ProcessName; exit: ProcessExit };

export interface Cluster {
  urls: ClusterUrls;
  /** Each service's database name and URL. */
  databases: Record<ServiceName, { name: string; url: string }>;
  /** Stops the gateway, then the services; resolves when every process is gone. */
  stop(): Promise<void>;
  /** Each process's id, e.g. to signal one from outside as an operator would. */
  pids(): Partial<Record<ProcessName, number>>;
  /** Kills one process on purpose (tests, chaos): the rest keep running. */
  kill(process: ProcessName, signal?: NodeJS.Signals): Promise<ProcessExit>;
  /** Resolves once the cluster is down: stopped, or torn down because a process died. */
  ended: Promise<ClusterEnd>;
}

// On top of the services' own grace, so they get to finish before they are killed.
const KILL_MARGIN_MS = 2_000;

/**
 * Starts the whole platform as separate processes on this machine: creates each service's
 * database if missing, starts every service of the list, and once each answers `/readyz`, the
 * gateway (so no client that reaches the gateway finds a service still starting); resolves when the
 * gateway's `/readyz` answers too. If a process dies that nobody stopped, the others are stopped too
 * (never a half cluster) and `ended` says which one. Rejects, leaving nothing running, if the start
 * fails.
 *
 * @example
 *   const cluster = await startCluster(clusterOptionsFromEnv());
 *   console.log(cluster.urls.gateway); // http://127.0.0.1:8080
 *   await cluster.stop();
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const databases = clusterDatabases(options);
  const plan = planCluster(options);
  await assertListening({ PostgreSQL: options.postgresUrl, Redis: options.redisUrl, RabbitMQ: options.amqpUrl });
  await ensureDatabases(
    options.postgresUrl,
    Object.values(databases).map((database) => database.name),
  );

  const { urls } = plan;
  const onLine = options.onLine ?? printPrefixed;
  const processes = new Map<ProcessName, ServiceProcess>();
  const killedOnPurpose = new Set<ProcessName>();
  let stopping: Promise<void> | undefined;
  let crash: ClusterEnd | undefined;
  let endWith: (end: ClusterEnd) => void = () => {};
  const ended = new Promise<ClusterEnd>((resolve) => {
    endWith = resolve;
  });

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const grace = options.stopGraceMs + KILL_MARGIN_MS;
      // The entry first, so no new request reaches a service that is shutting down.
      await processes.get('gateway')?.stop(grace);
      await Promise.all([...processes.values()].map((child) => child.stop(grace)));
      endWith(crash ?? { reason: 'stopped' });
    })();
    return stopping;
  };

  const launch = (spec: ProcessSpec) => {
    const child = startServiceProcess(spec, onLine);
    processes.set(spec.name, child);
    void child.exited.then((exit) => {
      if (stopping || killedOnPurpose.has(spec.name)) return;
      crash = { reason: 'crashed', service: spec.name, exit };
      onLine(spec.name, `!!! ${spec.name} exited unexpectedly (${exit.signal ?? `code ${exit.code}`}): stopping the whole cluster`);
      void stop();
    });
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  // The children live in their own process groups: if this process ends without stopping them
  // (an uncaught error), they must not outlive it.
  const killLeftovers = () => {
    for (const child of processes.values()) child.kill('SIGKILL');
  };
  process.once('exit', killLeftovers);
  void ended.then(() => process.off('exit', killLeftovers));

  const deadline = Date.now() + options.startTimeoutMs;
  const gaveUp = () => {
    if (crash?.reason === 'crashed') return `${crash.service} died while starting:\n  ${processes.get(crash.service)!.lastLines().join('\n  ')}`;
    return stopping || options.signal?.aborted ? 'the start was cancelled' : undefined;
  };
  try {
    plan.services.forEach(launch);
    await waitUntilReady(
      plan.services.map((spec) => spec.readyUrl),
      deadline,
      gaveUp,
    );
    launch(plan.gateway);
    await waitUntilReady([plan.gateway.readyUrl], deadline, gaveUp);
  } catch (error) {
    await stop();
    throw new Error(`The cluster did not start: ${(error as Error).message}`, { cause: error });
  }

  return {
    urls,
    databases,
    stop,
    ended,
    pids: () => Object.fromEntries([...processes].map(([name, child]) => [name, child.pid])),
    kill: async (name, signal = 'SIGKILL') => {
      const child = processes.get(name)!;
      killedOnPurpose.add(name);
      child.kill(signal);
      return child.exited;
    },
  };
}

const COLORS = [35, 36, 33, 34, 31, 95, 96, 93, 94];
const GATEWAY_COLOR = 32;
const NAMES: ProcessName[] = [...services.map((service) => service.name), 'gateway'];
const WIDTH = Math.max(...NAMES.map((name) => name.length));

/** `catalog  | {"level":30,...}`, the name coloured when the output is a terminal. */
function printPrefixed(name: ProcessName, line: string): void {
  const label = name.padEnd(WIDTH);
  // A replica (`notify-2`) in its service's colour.
  const service = NAMES.find((known) => name === known || name.startsWith(`${known}-`)) ?? name;
  const color = name === 'gateway' ? GATEWAY_COLOR : COLORS[Math.max(NAMES.indexOf(service as ProcessName), 0) % COLORS.length];
  const prefix = process.stdout.isTTY ? `\u001b[${color}m${label}\u001b[0m` : label;
  process.stdout.write(`${prefix} | ${line}\n`);
}
