import type { TObject } from 'typebox';
import { gatewayEnv } from '@pustaka/gateway/config';
import { MigrateEnv, standaloneEnv } from '@pustaka/kit/platform';
import type { ServiceManifest } from '@pustaka/kit/manifest';
import { services } from '@pustaka/services';
import type { K8sObject } from './k8s-build.ts';

/** What a container runs, read from its command: a service (or its migrations) or the gateway. */
export interface Program {
  /** A service's name, or 'gateway'. */
  name: string;
  manifest?: ServiceManifest;
  migrate: boolean;
  /** The environment that program reads: the schema its configuration is loaded with. */
  schema: TObject;
}

/**
 * The program of a container whose command is `node services/<name>/main.ts [--migrate]` or
 * `node apps/gateway/main.ts`; undefined for any other command.
 */
export function programOf(command: readonly string[] | undefined): Program | undefined {
  const [binary, script, ...args] = command ?? [];
  if (binary !== 'node' || !script) return undefined;
  if (script === 'apps/gateway/main.ts' && args.length === 0) return { name: 'gateway', migrate: false, schema: gatewayEnv() };
  const manifest = services.find((service) => script === `services/${service.name}/main.ts`);
  if (!manifest) return undefined;
  const migrate = args.includes('--migrate');
  if (args.some((arg) => arg !== '--migrate')) return undefined;
  return { name: manifest.name, manifest, migrate, schema: migrate ? MigrateEnv : standaloneEnv(manifest) };
}

/**
 * The environment a container starts with, as Kubernetes would give it: each ConfigMap and Secret
 * it takes whole (`envFrom`), then its `env` (literal values and single keys of a ConfigMap or
 * Secret). A reference to an object or key the build lacks is a problem, unless marked optional.
 */
export function containerEnv(container: any, objects: readonly K8sObject[]): { env: Record<string, string>; problems: string[] } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  const find = (kind: 'ConfigMap' | 'Secret', name: string) => objects.find((object) => object.kind === kind && object.metadata.name === name);
  const dataOf = (object: K8sObject): Record<string, string> =>
    object.kind === 'Secret'
      ? Object.fromEntries(
          Object.entries((object.data ?? {}) as Record<string, string>).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
        )
      : ((object.data ?? {}) as Record<string, string>);

  for (const source of container.envFrom ?? []) {
    const [kind, ref] = source.configMapRef ? (['ConfigMap', source.configMapRef] as const) : (['Secret', source.secretRef] as const);
    const object = find(kind, ref.name);
    if (object) Object.assign(env, dataOf(object));
    else if (!ref.optional) problems.push(`envFrom: no ${kind} ${ref.name}`);
  }
  for (const entry of container.env ?? []) {
    if (entry.value !== undefined) {
      env[entry.name] = String(entry.value);
      continue;
    }
    const ref = entry.valueFrom?.secretKeyRef ?? entry.valueFrom?.configMapKeyRef;
    if (!ref) {
      problems.push(`${entry.name}: neither a value nor a ConfigMap or Secret key`);
      continue;
    }
    const object = find(entry.valueFrom.secretKeyRef ? 'Secret' : 'ConfigMap', ref.name);
    const value = object ? dataOf(object)[ref.key] : undefined;
    if (value !== undefined) env[entry.name] = value;
    else if (!ref.optional) problems.push(`${entry.name}: no key ${ref.key} in ${ref.name}`);
  }
  return { env, problems };
}
