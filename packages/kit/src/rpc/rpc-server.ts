import http2 from 'node:http2';
import type { Http2Server, ServerHttp2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import type { ConnectRouter } from '@connectrpc/connect';
import type { Logger } from 'pino';
import { serverInterceptor } from './server-interceptor.ts';

export interface RpcServerOptions {
  /** Registers the services: `(router) => router.service(Inventory, handlers)`. */
  routes: (router: ConnectRouter) => void;
  port: number;
  host?: string;
  logger: Logger;
  /** How long calls in flight may take to finish on `close()` before their connections are cut. */
  graceMs?: number;
}

export interface RpcServer {
  /** Starts listening; resolves with the base URL clients use, e.g. `http://127.0.0.1:4102`. */
  listen(): Promise<string>;
  /** Stops taking calls, lets those in flight finish (up to `graceMs`), then resolves. */
  close(): Promise<void>;
  readonly server: Http2Server;
}

const DEFAULT_GRACE_MS = 10_000;

/**
 * A gRPC server over cleartext HTTP/2 (h2c: inside the cluster, TLS ends at the mesh or the
 * gateway). It also answers the Connect and gRPC-web protocols, handy for `curl` while debugging.
 *
 * @example
 *   const rpc = createRpcServer({ routes: (router) => router.service(Inventory, inventoryHandlers(ctx)), port: 4102, host: '0.0.0.0', logger });
 *   await rpc.listen();
 *   // on shutdown: await rpc.close();
 */
export function createRpcServer(options: RpcServerOptions): RpcServer {
  const { logger } = options;
  const handler = connectNodeAdapter({ routes: options.routes, interceptors: [serverInterceptor(logger)] });
  const server = http2.createServer(handler);
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  server.on('sessionError', (error) => logger.warn({ err: error }, 'gRPC session error'));

  return {
    server,
    listen: () =>
      new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host ?? '0.0.0.0', () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          const host = !options.host || options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
          logger.info({ port }, 'gRPC server listening');
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
        });
      }),
    close: async () => {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Clients keep connections open between calls, which would hold close() forever: GOAWAY
      // tells them to open new ones elsewhere while the calls already sent run to completion.
      for (const session of sessions) session.close();
      const cut = setTimeout(() => {
        for (const session of sessions) session.destroy();
      }, options.graceMs ?? DEFAULT_GRACE_MS);
      cut.unref();
      await closed;
      clearTimeout(cut);
    },
  };
}
