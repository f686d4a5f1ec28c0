import { freePorts } from '@pustaka/kit/testing';
import { services } from '@pustaka/services';
import type { ServiceName } from '@pustaka/services';
import type { ClusterPorts, ServicePorts } from './cluster-plan.ts';

/**
 * A free loopback port for every listener of a cluster (the gateway, each service's HTTP and
 * metrics, and gRPC for those that serve it, for each replica `replicas` asks for), for tests and benchmarks that start one beside whatever else runs on
 * the machine.
 *
 * @example
 *   const cluster = await startCluster({ ...clusterOptionsFromEnv({}), ports: await freeClusterPorts() });
 */
export async function freeClusterPorts(replicas: Partial<Record<ServiceName, number>> = {}): Promise<ClusterPorts> {
  const more = Object.values(replicas).reduce((sum, count) => sum + Math.max((count ?? 1) - 1, 0), 0);
  const free = await freePorts(2 + (services.length + more) * 3);
  const take = () => free.shift()!;
  const gateway = take();
  const ports = (rpc: boolean): ServicePorts => ({ http: take(), rpc: rpc ? take() : undefined, metrics: take() });
  return {
    gateway,
    gatewayMetrics: take(),
    services: Object.fromEntries(services.map((service) => [service.name, ports(Boolean(service.rpc?.port))])) as Record<ServiceName, ServicePorts>,
    replicas: Object.fromEntries(
      services.flatMap((service) => {
        const count = replicas[service.name as ServiceName] ?? 1;
        return count > 1 ? [[service.name, Array.from({ length: count - 1 }, () => ports(Boolean(service.rpc?.port)))]] : [];
      }),
    ),
  };
}
