import { describe, expect, it } from 'vitest';
import { clusterOptionsFromEnv, replicasOf } from '../config.ts';
import { planCluster } from '../src/cluster-plan.ts';

describe('the cluster plan', () => {
  it('runs a service as several replicas, each on its own ports, and tells the gateway every one', () => {
    const options = { ...clusterOptionsFromEnv({}), replicas: { notify: 2 } };
    const plan = planCluster(options);
    const notify = plan.services.filter((spec) => spec.name === 'notify' || spec.name.startsWith('notify-'));
    expect(notify.map((spec) => [spec.name, spec.env.PORT])).toEqual([
      ['notify', '3007'],
      ['notify-2', '3107'],
    ]);
    expect(notify[1]!.readyUrl).toBe('http://127.0.0.1:3107/readyz');
    expect(notify[1]!.env.DATABASE_URL).toBe(notify[0]!.env.DATABASE_URL);
    expect(plan.gateway.env.NOTIFY_URL).toBe('http://127.0.0.1:3007,http://127.0.0.1:3107');
    expect(plan.gateway.env.CATALOG_URL).toBe('http://127.0.0.1:3002');
    expect(plan.urls.replicas.notify).toEqual(['http://127.0.0.1:3007', 'http://127.0.0.1:3107']);
  });

  it('gives a replica of a gRPC server its own gRPC port, and sends gRPC callers to the first', () => {
    const plan = planCluster({ ...clusterOptionsFromEnv({}), replicas: { catalog: 2 } });
    const second = plan.services.find((spec) => spec.name === 'catalog-2')!;
    expect(second.env.RPC_PORT).toBe(String(Number(plan.services.find((spec) => spec.name === 'catalog')!.env.RPC_PORT) + 100));
    expect(plan.services.find((spec) => spec.name === 'orders')!.env.CATALOG_RPC_URL).toBe(plan.urls.rpc.catalog);
  });

  it('says where every process serves /metrics: by default its HTTP port + 6000, or the port it is given', () => {
    const plan = planCluster({ ...clusterOptionsFromEnv({}), replicas: { notify: 2 } });
    expect(plan.urls.metrics).toMatchObject({
      gateway: 'http://127.0.0.1:14080/metrics',
      identity: 'http://127.0.0.1:9001/metrics',
      notify: 'http://127.0.0.1:9007/metrics',
      'notify-2': 'http://127.0.0.1:9107/metrics',
    });
    expect(plan.services.find((spec) => spec.name === 'catalog')!.env.METRICS_PORT).toBeUndefined();

    const options = clusterOptionsFromEnv({});
    const given = planCluster({
      ...options,
      ports: { ...options.ports, gatewayMetrics: 19080, services: { ...options.ports.services, catalog: { http: 3002, rpc: 4002, metrics: 19002 } } },
    });
    expect(given.services.find((spec) => spec.name === 'catalog')!.env.METRICS_PORT).toBe('19002');
    expect(given.gateway.env.METRICS_PORT).toBe('19080');
    expect(given.urls.metrics.catalog).toBe('http://127.0.0.1:19002/metrics');
  });

  it('reads CLUSTER_REPLICAS, and refuses a service it does not know', () => {
    expect(replicasOf('')).toEqual({});
    expect(replicasOf('notify=2,catalog=3')).toEqual({ notify: 2, catalog: 3 });
    expect(clusterOptionsFromEnv({ CLUSTER_REPLICAS: 'notify=2' }).replicas).toEqual({ notify: 2 });
    expect(() => replicasOf('gift-cards=2')).toThrow(/no service is named gift-cards/);
    expect(() => clusterOptionsFromEnv({ CLUSTER_REPLICAS: 'notify=0' })).toThrow(/CLUSTER_REPLICAS/);
  });
});
