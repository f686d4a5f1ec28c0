/** The services behind the gateway, as config, metrics, logs and errors name them. */
export const UPSTREAMS = ['identity', 'catalog', 'orders', 'ticketing'] as const;
export type UpstreamName = (typeof UPSTREAMS)[number];

/** Where each upstream's REST API lives, e.g. `{ identity: 'http://127.0.0.1:3001' }`. */
export type UpstreamUrls = Record<UpstreamName, string>;

export interface ProxiedRoute {
  upstream: UpstreamName;
  /** A Fastify route pattern. */
  url: string;
}

/**
 * Which service answers which path, as listed in ARCHITECTURE.md. Every prefix is mounted bare and
 * with `/*`; `/api/books/:id/orders` belongs to orders although `/api/books/*` is the catalog's:
 * Fastify's router prefers a parametric route over a wildcard, so the exception simply wins.
 * Nothing else is proxied: an upstream's `/metrics`, `/healthz` or `/docs` never reach the public.
 */
const PREFIXES: ReadonlyArray<readonly [UpstreamName, string]> = [
  ['identity', '/api/auth'],
  ['identity', '/api/users'],
  ['identity', '/.well-known'],
  ['catalog', '/api/categories'],
  ['catalog', '/api/books'],
  ['orders', '/api/orders'],
  ['ticketing', '/api/events'],
  ['ticketing', '/api/holds'],
  ['ticketing', '/api/bookings'],
  ['ticketing', '/api/calendar'],
];
const EXCEPTIONS: ReadonlyArray<ProxiedRoute> = [{ upstream: 'orders', url: '/api/books/:id/orders' }];

/**
 * Every route the gateway mounts, for the proxy.
 *
 * @example
 *   proxiedRoutes().filter((route) => route.upstream === 'orders'); // /api/orders, /api/orders/*, /api/books/:id/orders
 */
export function proxiedRoutes(): ProxiedRoute[] {
  return [
    ...PREFIXES.flatMap(([upstream, prefix]) => [{ upstream, url: prefix }, { upstream, url: `${prefix}/*` }]),
    ...EXCEPTIONS,
  ];
}

const exceptionPatterns = EXCEPTIONS.map((route) => ({
  upstream: route.upstream,
  pattern: new RegExp(`^${route.url.replace(/:\w+/g, '[^/]+')}/?$`),
}));

/**
 * The upstream that answers a concrete path (or an OpenAPI template such as `/api/books/{id}`),
 * or undefined when the gateway does not proxy it. Same decisions as the router, for the API docs.
 *
 * @example
 *   upstreamOf('/api/books/{id}/orders'); // 'orders'
 *   upstreamOf('/metrics');                // undefined
 */
export function upstreamOf(path: string): UpstreamName | undefined {
  const exception = exceptionPatterns.find(({ pattern }) => pattern.test(path));
  if (exception) return exception.upstream;
  return PREFIXES.find(([, prefix]) => path === prefix || path.startsWith(`${prefix}/`))?.[0];
}
