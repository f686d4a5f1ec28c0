import type { WebSocket } from 'ws';
import type { TokenVerifier } from '@pustaka/kit/auth';
import type { Logger } from '@pustaka/kit/log';
import type { LiveTopic } from '@pustaka/live-client';
import { LiveConnection } from './live-connection.ts';
import type { ConnectionHost } from './live-connection.ts';
import type { InboxReader, NotificationView } from './live-delivery.ts';
import type { LiveLimits } from './live-limits.ts';
import { LIVE_CLOSE } from './live-protocol.ts';
import type { ServerMessage } from './live-protocol.ts';
import { countLiveConnections, liveConnectionsRefused } from './live-metrics.ts';

/** The sockets of one replica, by member and by topic. */
export interface LiveHub {
  /** Takes a socket just opened on `/ws`; it must authenticate with its first message. */
  accept(socket: WebSocket, verify: TokenVerifier): void;
  /** To every open tab of the member on this replica. */
  deliverToMember(memberId: string, notification: NotificationView): void;
  /** To every socket following the topic on this replica. */
  deliverToTopic(topic: LiveTopic, message: unknown): void;
  /** Closes every socket (shutdown): clients reconnect to another replica and resume. */
  closeAll(code: number, reason: string): void;
  stats(): { connections: number; members: number; topics: number };
  /** Stops the heartbeat and closes every socket with 1001. */
  close(): void;
}

/**
 * The registry of this replica's sockets and its heartbeat: one timer pings them all, drops the
 * ones that stopped answering and re-checks tokens for revocation. Each frame is serialized once,
 * whatever the number of sockets it goes to.
 *
 * @example
 *   const hub = createLiveHub({ inbox, logger, limits: DEFAULT_LIVE_LIMITS });
 *   app.get('/ws', { websocket: true, ... }, (socket) => hub.accept(socket, app.verifyAccessToken));
 */
export function createLiveHub(options: { inbox: InboxReader; logger: Logger; limits: LiveLimits }): LiveHub {
  const { limits } = options;
  const all = new Set<LiveConnection>();
  const byMember = new Map<string, Set<LiveConnection>>();
  const byTopic = new Map<LiveTopic, Set<LiveConnection>>();
  const logger = options.logger.child({ component: 'live' });

  const remove = <K>(index: Map<K, Set<LiveConnection>>, key: K, connection: LiveConnection) => {
    const set = index.get(key);
    if (!set) return;
    set.delete(connection);
    if (set.size === 0) index.delete(key);
  };

  const host: ConnectionHost = {
    limits,
    inbox: options.inbox,
    logger,
    admit(connection) {
      const memberId = connection.memberId!;
      const tabs = byMember.get(memberId) ?? new Set<LiveConnection>();
      if (tabs.size >= limits.maxConnectionsPerMember) return false;
      tabs.add(connection);
      byMember.set(memberId, tabs);
      return true;
    },
    follow(connection, topic) {
      const followers = byTopic.get(topic) ?? new Set<LiveConnection>();
      followers.add(connection);
      byTopic.set(topic, followers);
    },
    unfollow: (connection, topic) => remove(byTopic, topic, connection),
    release(connection) {
      all.delete(connection);
      if (connection.memberId !== undefined) remove(byMember, connection.memberId, connection);
      for (const topic of connection.topics) remove(byTopic, topic, connection);
    },
  };

  const heartbeat = setInterval(() => {
    // Judged after the event loop's next poll: when this process stalled past a beat, the pongs
    // that came in meanwhile are read first, so a stall of ours does not drop every socket at once.
    setImmediate(() => {
      const now = Date.now();
      for (const connection of all) connection.beat(now);
    });
  }, limits.heartbeatIntervalMs);
  heartbeat.unref();

  const closeAll = (code: number, reason: string) => {
    // Each close removes its connection from `all`, which a Set's iteration allows.
    for (const connection of all) connection.close(code, reason);
  };

  const hub: LiveHub = {
    accept(socket, verify) {
      if (all.size >= limits.maxConnections) {
        liveConnectionsRefused().inc();
        socket.close(LIVE_CLOSE.tryAgainLater, 'REPLICA_FULL');
        return;
      }
      all.add(new LiveConnection(socket, host, verify));
    },
    deliverToMember(memberId, notification) {
      const tabs = byMember.get(memberId);
      if (!tabs) return;
      const frame = JSON.stringify({ type: 'notification', notification } satisfies ServerMessage<NotificationView>);
      for (const connection of tabs) connection.deliver(notification, frame);
    },
    deliverToTopic(topic, message) {
      const followers = byTopic.get(topic);
      if (!followers) return;
      const frame = JSON.stringify({ type: 'topic', topic, message } satisfies ServerMessage);
      for (const connection of followers) connection.deliverTopic(frame);
    },
    closeAll,
    stats: () => ({ connections: all.size, members: byMember.size, topics: byTopic.size }),
    close() {
      clearInterval(heartbeat);
      forget();
      closeAll(LIVE_CLOSE.goingAway, 'SHUTTING_DOWN');
    },
  };
  const forget = countLiveConnections(hub);
  return hub;
}
