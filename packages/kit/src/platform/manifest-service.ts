import type { EventBus, Outbox } from './event-bus.ts';
import type { RpcHub } from './rpc-hub.ts';
import type { ServiceManifest } from './service-manifest.ts';
import type { PlatformDeps, ServiceFactory } from './service-module.ts';
import { settingsOf } from './service-env.ts';

/**
 * The factory of a service described by its manifest, configured by its settings out of `config`
 * (a process's configuration: the standalone one, or the embedded app's, which holds every
 * service's). The service gets the platform's
 * dependencies held to what its manifest declares: its own schema's outbox and subscriptions, only
 * the events it lists, gRPC only to the services it says it calls. So a manifest that no longer
 * tells the truth fails at start (or in the first test that takes the path), not in production
 * when the gateway, the cluster or an operator relied on it.
 *
 * @example
 *   await buildPlatform({ ..., services: [serviceFromManifest(catalog, loadConfig(standaloneEnv(catalog)))] });
 */
export function serviceFromManifest(manifest: ServiceManifest, config: Readonly<Record<string, unknown>>): ServiceFactory {
  return async (deps) => {
    const factory = await manifest.start(settingsOf(manifest, config));
    const service = await factory(declaredDeps(manifest, deps));
    return { ...service, declaredRoutes: manifest.http.routes, secretPaths: manifest.http.secretPaths ?? [] };
  };
}

function declaredDeps(manifest: ServiceManifest, deps: PlatformDeps): PlatformDeps {
  return { ...deps, events: declaredEvents(manifest, deps.events), rpc: declaredRpc(manifest, deps.rpc) };
}

function undeclared(manifest: ServiceManifest, what: string, list: string): Error {
  return new Error(`${manifest.name} ${what}, which its manifest (services/${manifest.name}/service.ts) does not list in ${list}`);
}

function declaredEvents(manifest: ServiceManifest, events: EventBus): EventBus {
  const publishes = new Set(manifest.publishes ?? []);
  const consumes = new Set(manifest.consumes ?? []);
  const ownSchema = (schema: string) => {
    if (schema !== manifest.schema) throw undeclared(manifest, `uses the schema "${schema}"`, `schema ("${manifest.schema}")`);
  };
  const mayPublish = (type: string) => {
    if (!publishes.has(type)) throw undeclared(manifest, `records "${type}"`, 'publishes');
  };
  return {
    ...events,
    outbox(schema, now): Outbox {
      ownSchema(schema);
      const outbox = events.outbox(schema, now);
      return {
        ...outbox,
        record: (trx, type, payload, options) => {
          mayPublish(type);
          return outbox.record(trx, type, payload, options);
        },
        recordAll: (trx, list) => {
          for (const { type } of list) mayPublish(type);
          return outbox.recordAll(trx, list);
        },
      };
    },
    subscribe(options) {
      ownSchema(options.schema);
      const extra = options.events.filter((type) => !consumes.has(type));
      if (extra.length > 0) throw undeclared(manifest, `consumes ${extra.map((type) => `"${type}"`).join(', ')} (${options.consumerId})`, 'consumes');
      return events.subscribe(options);
    },
  };
}

function declaredRpc(manifest: ServiceManifest, rpc: RpcHub): RpcHub {
  const calls = new Set(manifest.rpc?.calls ?? []);
  return {
    ...rpc,
    serve(service, routes) {
      if (service !== manifest.name || !manifest.rpc?.serves?.length) throw undeclared(manifest, `serves gRPC as "${service}"`, 'rpc.serves');
      rpc.serve(service, routes);
    },
    transportTo(service) {
      if (!calls.has(service)) throw undeclared(manifest, `calls ${service} over gRPC`, 'rpc.calls');
      return rpc.transportTo(service);
    },
  };
}
