import type { Logger } from 'pino';
import type { ConnectRouter, Transport } from '@connectrpc/connect';
import { createInMemoryTransport, createRpcTransport } from '../rpc/transports.ts';
import { createRpcServer } from '../rpc/rpc-server.ts';

type Routes = (router: ConnectRouter) => void;

/**
 * gRPC between services without the services knowing how: in one process a call goes through an
 * in-memory transport to the serving service's routes; in the cluster it goes over HTTP/2 to the
 * upstream's address, and this process serves its own routes on `port`.
 */
export interface RpcHub {
  /** Makes a service's gRPC routes callable by the others. */
  serve(service: string, routes: Routes): void;
  /** How to reach a service's routes (served in this process, or at its configured address). */
  transportTo(service: string): Transport;
  /** Starts serving over the network if this process has a gRPC port; resolves with its address. */
  listen(): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface RpcHubOptions {
  logger: Logger;
  /** Where this process serves gRPC (cluster); none: only in-process calls. */
  port?: number | undefined;
  host?: string;
  /** Addresses of services in other processes, e.g. `{ catalog: 'http://catalog:4002' }`. */
  upstreams?: Record<string, string | undefined>;
}

export function createRpcHub(options: RpcHubOptions): RpcHub {
  const served = new Map<string, Routes>();
  let server: ReturnType<typeof createRpcServer> | undefined;
  return {
    serve(service, routes) {
      served.set(service, routes);
    },
    transportTo(service) {
      // Resolved at the first call, so a service may ask for a transport before its upstream is mounted.
      return lazily(() => {
        const local = served.get(service);
        if (local) return createInMemoryTransport(local, { logger: options.logger });
        const address = options.upstreams?.[service];
        if (!address) throw new Error(`No address for the ${service} service: it does not run in this process and none is configured`);
        return createRpcTransport(address);
      });
    },
    async listen() {
      if (options.port === undefined || served.size === 0) return undefined;
      server = createRpcServer({
        routes: (router) => {
          for (const routes of served.values()) routes(router);
        },
        port: options.port,
        host: options.host ?? '0.0.0.0',
        logger: options.logger,
      });
      return server.listen();
    },
    async close() {
      await server?.close();
    },
  };
}

function lazily(make: () => Transport): Transport {
  let transport: Transport | undefined;
  const get = () => (transport ??= make());
  return {
    unary: (...args) => get().unary(...args),
    stream: (...args) => get().stream(...args),
  };
}
