import net from 'node:net';

const DEFAULT_PORTS: Record<string, number> = { 'redis:': 6379, 'rediss:': 6380, 'amqp:': 5672, 'amqps:': 5671, 'postgres:': 5432, 'postgresql:': 5432 };

/**
 * Fails at once, naming the service, when nothing listens where a URL points: otherwise the
 * processes would start and wait for it until the start timeout, and the reason would be buried
 * in their logs.
 *
 * @example
 *   await assertListening({ Redis: 'redis://127.0.0.1:6379', RabbitMQ: 'amqp://guest:guest@127.0.0.1:5672' });
 */
export async function assertListening(services: Record<string, string>): Promise<void> {
  const down = (
    await Promise.all(Object.entries(services).map(async ([name, url]) => ((await accepts(url)) ? undefined : `${name} at ${redact(url)}`)))
  ).filter((entry) => entry !== undefined);
  if (down.length > 0)
    throw new Error(
      `Nothing answers for ${down.join(', ')}. Start ${down.length > 1 ? 'them' : 'it'} or point CLUSTER_* at where ${down.length > 1 ? 'they run' : 'it runs'}.`,
    );
}

function accepts(raw: string): Promise<boolean> {
  const url = new URL(raw);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || DEFAULT_PORTS[url.protocol]), timeout: 2_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * The URL without its password, for messages.
 *
 * @example
 *   redact('amqp://guest:guest@127.0.0.1:5672'); // 'amqp://guest:***@127.0.0.1:5672'
 */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
