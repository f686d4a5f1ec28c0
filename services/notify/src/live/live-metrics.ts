import { counter, sampledGauge } from '@pustaka/kit/metrics';

/** What the count reads of a hub (live-hub.ts, which imports this file). */
interface CountedHub {
  stats(): { connections: number; members: number; topics: number };
}

const hubs = new Set<CountedHub>();
let sampling = false;

/**
 * `pustaka_notify_live_connections{state}`, read from the hubs of this process when Prometheus
 * scrapes (a socket opens and closes too often for a gauge kept by hand to stay right): open
 * sockets, the members they belong to and the topics followed. Returns the function that stops
 * counting the hub.
 *
 * @example
 *   const forget = countLiveConnections(hub);
 *   // on close: forget();
 */
export function countLiveConnections(hub: CountedHub): () => void {
  if (!sampling) {
    sampling = true;
    // From zero: a replica that never filled up shows 0 refused, not no data.
    liveConnectionsRefused();
    sampledGauge(
      'pustaka_notify_live_connections',
      'Live WebSocket sockets on this replica (sockets), the members they belong to (members) and the topics followed (topics)',
      ['state'],
    ).sample(() => {
      const total = { sockets: 0, members: 0, topics: 0 };
      for (const each of hubs) {
        const stats = each.stats();
        total.sockets += stats.connections;
        total.members += stats.members;
        total.topics += stats.topics;
      }
      return Object.entries(total).map(([state, value]) => ({ labels: { state }, value }));
    });
  }
  hubs.add(hub);
  return () => {
    hubs.delete(hub);
  };
}

/** Sockets refused at the door because this replica holds its maximum (REPLICA_FULL): time for another replica. */
export const liveConnectionsRefused = () => counter('pustaka_notify_live_refused_total', 'WebSocket connections refused because the replica was full');
