import net from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** `count` distinct free loopback ports (the OS picks them; they are free right after). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** A database prefix no other run uses: `pustaka_c1a2b3c4`. */
export function uniquePrefix(): string {
  return `pustaka_c${randomBytes(4).toString('hex')}`;
}

/**
 * The same Redis, another logical database: the cluster's rate-limit counts, sign-in throttles and
 * cache entries then never mix with those of a cluster someone runs by hand on this machine.
 */
export function separateRedisDatabase(url: string, index = 13): string {
  const separate = new URL(url);
  separate.pathname = `/${index}`;
  return separate.toString();
}

/** Rows of one query against a database, on a connection of its own. */
export async function queryRows<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Whether anything accepts connections on a URL's port. */
export function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port), timeout: 1_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
