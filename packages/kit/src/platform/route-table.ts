/** What a route table needs of a service: its name and the paths it declares (see `ServiceManifest.http.routes`). */
export interface RoutedService {
  name: string;
  routes: readonly string[];
}

/** One path the gateway mounts, and who answers it. */
export interface MountedRoute {
  service: string;
  /** A Fastify route pattern. */
  url: string;
}

export interface RouteTable {
  /**
   * The service that answers a concrete path, a Fastify pattern (`/api/books/:id`) or an OpenAPI
   * template (`/api/books/{id}`); undefined when none declares it.
   */
  ownerOf(path: string): string | undefined;
  /** Every route to mount: each prefix bare and with `/*`, each pattern as it is. */
  mounts(): MountedRoute[];
}

const isPattern = (route: string) => /[:*]/.test(route);

/**
 * Which service answers which path, from the routes the services declare. A pattern
 * (`/api/books/:id/orders`, orders) wins over a prefix (`/api/books`, catalog), as in Fastify's
 * router, where a parametric route wins over a wildcard; among prefixes, the longest wins.
 *
 * @example
 *   const table = createRouteTable([{ name: 'catalog', routes: ['/api/books'] }, { name: 'orders', routes: ['/api/books/:id/orders'] }]);
 *   table.ownerOf('/api/books/{id}/orders'); // 'orders'
 *   table.ownerOf('/api/books/42');          // 'catalog'
 *   table.ownerOf('/metrics');               // undefined
 */
export function createRouteTable(services: readonly RoutedService[]): RouteTable {
  const patterns = services.flatMap((service) =>
    service.routes.filter(isPattern).map((url) => ({
      service: service.name,
      url,
      // `:id` (Fastify) and `{id}` (OpenAPI) both stand for one segment; so does a concrete value.
      test: new RegExp(
        `^${url
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/:\w+/g, '[^/]+')
          .replace(/\\\*$/, '.*')}/?$`,
      ),
    })),
  );
  const prefixes = services
    .flatMap((service) => service.routes.filter((route) => !isPattern(route)).map((prefix) => ({ service: service.name, prefix })))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return {
    ownerOf(path) {
      const concrete = path.replace(/\{\w+\}/g, 'x');
      return (
        patterns.find((route) => route.test.test(concrete))?.service ??
        prefixes.find(({ prefix }) => concrete === prefix || concrete.startsWith(`${prefix}/`))?.service
      );
    },
    mounts: () => [
      ...prefixes.flatMap(({ service, prefix }) => [
        { service, url: prefix },
        { service, url: `${prefix}/*` },
      ]),
      ...patterns.map(({ service, url }) => ({ service, url })),
    ],
  };
}
