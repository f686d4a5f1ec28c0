// `npm run cluster`: every service as its own process on local PostgreSQL, Redis and RabbitMQ,
// behind the gateway on http://127.0.0.1:8080. Ctrl-C stops them all.
import { loadConfigOrExit } from '@pustaka/kit/config';
import { services } from '@pustaka/services';
import { clusterOptionsFromEnv } from './config.ts';
import { startCluster } from './src/start-cluster.ts';

const options = loadConfigOrExit(clusterOptionsFromEnv);
const abort = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!abort.signal.aborted) console.log(`\n${signal}: stopping the cluster (give it up to ${options.stopGraceMs / 1000} s)...`);
    abort.abort();
  });
}

// Children print as JSON lines into our pipes; at a terminal, ask them for readable lines instead.
const logPretty = process.env.LOG_PRETTY ?? String(process.stdout.isTTY === true);
const env = { LOG_PRETTY: logPretty };
const width = Math.max(...services.map((service) => service.name.length)) + 2;

try {
  const cluster = await startCluster({
    ...options,
    env: Object.fromEntries([...services.map((service) => service.name), 'gateway'].map((name) => [name, env])),
    signal: abort.signal,
  });
  const { urls } = cluster;
  console.log(
    [
      '',
      `Pustaka cluster is up. Everything goes through the gateway: ${urls.gateway}`,
      `  ${'API docs'.padEnd(width)} ${urls.docs}`,
      ...services.map((service) => {
        const rpc = urls.rpc[service.name];
        return `  ${service.name.padEnd(width)} ${urls.http[service.name]}${rpc ? `   gRPC ${rpc}` : ''}   (database ${cluster.databases[service.name].name})`;
      }),
      `  ${'admin'.padEnd(width)} admin@pustaka.local; its password is in identity's log on first start (or set ADMIN_EMAIL/ADMIN_PASSWORD)`,
      'Ctrl-C stops every process.',
      '',
    ].join('\n'),
  );
  const end = await cluster.ended;
  if (end.reason === 'crashed') {
    console.error(`\nThe cluster stopped because ${end.service} died (${end.exit.signal ?? `code ${end.exit.code}`}).`);
    process.exitCode = 1;
  } else {
    console.log('Every process stopped.');
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
