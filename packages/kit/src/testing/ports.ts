import net from 'node:net';

/**
 * `count` distinct free loopback ports, for processes a test or benchmark starts (the OS picks
 * them; they are free right after).
 *
 * @example
 *   const [gateway, catalog] = await freePorts(2);
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/**
 * Whether anything accepts TCP connections on a URL's host and port (`defaultPort` when the URL
 * names none), answering within a second either way.
 *
 * @example
 *   expect(await listening('amqp://127.0.0.1:5672', 5672)).toBe(false); // the broker is down
 */
export function listening(url: string, defaultPort?: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort), timeout: 1_000 });
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
