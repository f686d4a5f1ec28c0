import type { Logger } from 'pino';
import type { Database } from '../db/open-database.ts';
import type { Cache } from '../cache/cache.ts';
import type { JwksSource } from '../auth/jwks-source.ts';
import type { HttpApp } from '../http/http-app.ts';
import type { EventBus } from './event-bus.ts';
import type { RpcHub } from './rpc-hub.ts';

/** What the platform hands every service: its storage, the cache, a logger and the clock. */
export interface PlatformDeps {
  database: Database;
  /** The root cache; a service takes `cache.scope('<name>')` for data, `cache.securityScope('<name>')` for security state; revocations are `cache.securityScope('auth')`. */
  cache: Cache;
  logger: Logger;
  /** The current time; tests pass a controllable clock. */
  now: () => Date;
  /** Outboxes and subscriptions, over RabbitMQ or in-process. */
  events: EventBus;
  /** gRPC to and from other services, over the network or in-process. */
  rpc: RpcHub;
  /** Where members reach the platform, without a trailing slash: the base of every absolute link. */
  publicBaseUrl: string;
  /**
   * The RabbitMQ the events travel through; unset when they travel in this process. For traffic
   * of a service's own that must reach every replica of it (notify's live fan-out).
   */
  amqpUrl?: string | undefined;
}

/**
 * A service as the platform sees it, so the same service runs alone (`services/<name>/main.ts`)
 * or beside the others in one process (the embedded default).
 */
export interface ServiceModule {
  name: string;
  /** Registers the service's routes (with their full `/api/...` paths). */
  routes(app: HttpApp): Promise<void>;
  /**
   * The paths its manifest declares (see `ServiceManifest.http.routes`): every route it registers
   * must be one the gateway sends to it. Unset for services made without a manifest (tests).
   */
  declaredRoutes?: readonly string[];
  /** Its manifest's `http.secretPaths`: never logged as they are. */
  secretPaths?: readonly string[];
  /** Only identity provides this: the public keys that verify access tokens. */
  jwks?: JwksSource;
  /** Stops background work; runs before the database and cache close. */
  close?(): Promise<void>;
}

/** Prepares a service (migrations, keys, first data) and returns it ready to mount. */
export type ServiceFactory = (deps: PlatformDeps) => Promise<ServiceModule>;
