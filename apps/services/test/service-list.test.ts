import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { isEventType, PLATFORM_EVENTS } from '@pustaka/contracts';
import { services } from '../index.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const GATEWAY_PORT = 8080;

/** Values that appear more than once. */
function repeated<T>(values: T[]): T[] {
  return [...new Set(values.filter((value, i) => values.indexOf(value) !== i))];
}

describe('the service list', () => {
  it('lists every folder under services/ once, each by its folder name, with a manifest and a main.ts', () => {
    const folders = readdirSync(join(ROOT, 'services'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(services.map((service) => service.name).sort()).toEqual(folders.sort());
    for (const folder of folders) {
      expect(existsSync(join(ROOT, 'services', folder, 'service.ts')), `services/${folder}/service.ts`).toBe(true);
      expect(existsSync(join(ROOT, 'services', folder, 'main.ts')), `services/${folder}/main.ts`).toBe(true);
    }
  });

  it('names services in lower case with hyphens, and gives each its own schema', () => {
    for (const service of services) {
      expect(service.name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(service.schema).toMatch(/^[a-z][a-z0-9_]{0,40}$/);
    }
    expect(repeated(services.map((service) => service.schema))).toEqual([]);
  });

  it('declares the migrations that bring its schema up to date (what --migrate applies)', async () => {
    for (const service of services) {
      const migrations = await service.migrations?.();
      expect(Object.keys(migrations ?? {}).length, service.name).toBeGreaterThan(0);
    }
  });

  it("gives every listener its own port, none of them the gateway's", () => {
    const ports = [GATEWAY_PORT, ...services.flatMap((service) => [service.http.port, ...(service.rpc?.port ? [service.rpc.port] : [])])];
    expect(repeated(ports)).toEqual([]);
  });

  it('declares public paths that no two services share', () => {
    for (const service of services) {
      expect(service.http.routes.length, service.name).toBeGreaterThan(0);
      for (const route of service.http.routes) expect(route, service.name).toMatch(/^\/[\w.\-/:]+$/);
    }
    expect(repeated(services.flatMap((service) => [...service.http.routes]))).toEqual([]);
  });

  it('has exactly one service that signs the access tokens the others verify', () => {
    expect(services.filter((service) => service.signsTokens)).toHaveLength(1);
  });

  it('serves gRPC on a port of its own, and calls only services that serve gRPC', () => {
    const serving = new Set(services.filter((service) => service.rpc?.serves?.length).map((service) => service.name));
    for (const service of services) {
      if (service.rpc?.serves?.length) expect(service.rpc.port, service.name).toBeGreaterThan(0);
      for (const callee of service.rpc?.calls ?? []) expect(serving, `${service.name} calls ${callee}`).toContain(callee);
    }
  });

  it('publishes and consumes only registered events, and consumes only what another service (or the platform) publishes', () => {
    const published = new Set([...services.flatMap((service) => [...(service.publishes ?? [])]), ...PLATFORM_EVENTS]);
    for (const service of services) {
      for (const type of [...(service.publishes ?? []), ...(service.consumes ?? [])]) expect(isEventType(type), `${service.name}: ${type}`).toBe(true);
      for (const type of service.consumes ?? []) expect(published, `${service.name} consumes ${type}`).toContain(type);
    }
  });

  it('means the same thing by a setting that two services read (the embedded app reads them all at once)', () => {
    const first = new Map<string, { service: string; schema: string }>();
    const differing: string[] = [];
    for (const service of services) {
      for (const [key, schema] of Object.entries(service.settings.properties)) {
        const seen = first.get(key);
        if (!seen) first.set(key, { service: service.name, schema: JSON.stringify(schema) });
        else if (seen.schema !== JSON.stringify(schema)) differing.push(`${key}: ${seen.service} and ${service.name}`);
      }
    }
    expect(differing).toEqual([]);
  });

  it('gives every setting a default or makes it optional, and local defaults that are valid settings', () => {
    for (const service of services) {
      const defaults = Value.Default(service.settings, {});
      expect(
        Value.Check(service.settings, defaults),
        `${service.name}: ${[...Value.Errors(service.settings, defaults)].map((e) => e.instancePath).join(', ')}`,
      ).toBe(true);
      const local = { ...(defaults as object), ...service.localDefaults };
      expect(Value.Check(service.settings, local), `${service.name}: localDefaults`).toBe(true);
    }
  });
});
