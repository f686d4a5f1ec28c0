import { freePorts } from '@pustaka/kit/testing';
import type { ClusterPorts } from './cluster-plan.ts';

/**
 * A free loopback port for every listener of a cluster, for tests and benchmarks that start one
 * beside whatever else runs on the machine.
 *
 * @example
 *   const cluster = await startCluster({ ...clusterOptionsFromEnv({}), ports: await freeClusterPorts() });
 */
export async function freeClusterPorts(): Promise<ClusterPorts> {
  const [gateway, identity, catalog, catalogRpc, orders, ordersRpc, ticketing] = await freePorts(7);
  return { gateway: gateway!, identity: identity!, catalog: catalog!, catalogRpc: catalogRpc!, orders: orders!, ordersRpc: ordersRpc!, ticketing: ticketing! };
}
