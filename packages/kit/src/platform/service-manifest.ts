import type { Static, TObject } from 'typebox';
import type { Migration } from '../db/migrate.ts';
import type { ServiceFactory } from './service-module.ts';

/**
 * A service's description of itself, in one place: `services/<name>/service.ts`. Everything that
 * composes services (the embedded app, the cluster, the gateway's routing and docs, CI) reads it
 * from the service list instead of naming the service itself.
 */
export interface ServiceManifest<Name extends string = string, Settings extends TObject = TObject> {
  /** Lower case, with hyphens (`gift-cards`): names its logs, metrics, env keys (`GIFT_CARDS_URL`) and its database. */
  name: Name;
  /** One sentence: what it does, for the docs and the cluster's banner. */
  summary: string;
  http: {
    /** Where it listens when it runs alone (its default PORT, and its port in `npm run cluster`). */
    port: number;
    /**
     * The public paths it answers, as the gateway routes them: a prefix (`/api/books`, which also
     * covers `/api/books/...`) or a Fastify pattern (`/api/books/:id/orders`), which wins over any
     * prefix of another service.
     */
    routes: readonly string[];
    /**
     * Prefixes of its paths whose rest is a credential (`/api/calendar/` for a feed's secret URL):
     * request logs, its own and the gateway's, show them as `<prefix>[redacted]`.
     */
    secretPaths?: readonly string[];
  };
  rpc?: {
    /** Where it serves gRPC when it runs alone; needed when `serves` is not empty. */
    port?: number;
    /** The gRPC services it serves, by full name (`pustaka.catalog.v1.Inventory`). */
    serves?: readonly string[];
    /** The services it calls over gRPC; alone, it reads each one's address from `<NAME>_RPC_URL`. */
    calls?: readonly string[];
  };
  /** The PostgreSQL schema it owns (in the cluster, in a database of its own); no other service reads or writes it. */
  schema: string;
  /**
   * Its migrations (`migrations/index.ts`), the ones its start applies to `schema`; imported on call,
   * like `start`. `node services/<name>/main.ts --migrate` applies them and exits (a deployment's
   * migration job), without the rest of the service's configuration.
   */
  migrations?(): Promise<Record<string, Migration>>;
  /** Its own settings (TypeBox, every key with a default or optional), read from the environment. */
  settings: Settings;
  /** Settings for a run on a developer's machine (`npm start`, `npm run cluster`) over the defaults: a demo shop, a first admin. */
  localDefaults?: Partial<Static<Settings>>;
  /** It signs access tokens and publishes their keys itself (identity), so it needs no `JWKS_URL`. */
  signsTokens?: boolean;
  /** The event types it consumes: it may subscribe to these and no others. */
  consumes?: readonly string[];
  /** The event types it records in its outbox: it may record these and no others. */
  publishes?: readonly string[];
  /**
   * Builds the service. Import the service's code inside it (`await import('./src/...')`), so a
   * process that only reads the manifest (the gateway) does not load the service.
   */
  start(settings: Static<Settings>): Promise<ServiceFactory>;
}

/**
 * Declares a service's manifest, keeping its name as a literal type (so `urls.http.catalog` is
 * checked) and its settings typed in `start` and `localDefaults`.
 *
 * @example
 *   export default defineService({
 *     name: 'catalog',
 *     summary: 'Books, categories and their stock.',
 *     http: { port: 3002, routes: ['/api/categories', '/api/books'] },
 *     schema: 'catalog',
 *     settings: CatalogSettingsSchema,
 *     start: async (settings) => (await import('./src/catalog.service-module.ts')).catalogService(settings),
 *   });
 */
export function defineService<const Name extends string, Settings extends TObject>(manifest: ServiceManifest<Name, Settings>): ServiceManifest<Name, Settings> {
  return Object.freeze(manifest);
}

/**
 * A service name as environment keys spell it.
 *
 * @example
 *   envName('gift-cards'); // 'GIFT_CARDS'
 */
export function envName(service: string): string {
  return service.toUpperCase().replace(/-/g, '_');
}
