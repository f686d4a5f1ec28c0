import type { ServiceManifest } from '@pustaka/kit/manifest';

/**
 * Every service of Pustaka, in the order they start and are listed: the one list that the
 * embedded app, `npm run cluster`, the gateway and CI read. Adding a service is its folder under
 * `services/` and one line here (`npm run new:service -- <name>` writes both; see CONTRIBUTING.md).
 */
export const services = (
  await Promise.all([
    import('@pustaka/identity/service'),
    import('@pustaka/catalog/service'),
    import('@pustaka/orders/service'),
    import('@pustaka/ticketing/service'),
    import('@pustaka/discovery/service'),
    import('@pustaka/analytics/service'),
    import('@pustaka/notify/service'),
  ])
).map((module) => module.default);

export type Service = (typeof services)[number];
export type ServiceName = Service['name'];

/**
 * A service of the list by name.
 *
 * @example
 *   serviceNamed('catalog').http.port; // 3002
 */
export function serviceNamed(name: ServiceName): ServiceManifest {
  const found = services.find((service) => service.name === name);
  if (!found) throw new Error(`No service named ${name}`);
  return found;
}
