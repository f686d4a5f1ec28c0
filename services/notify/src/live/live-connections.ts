import type { WebSocket } from 'ws';
import type { TokenVerifier } from '@pustaka/kit/auth';
import type { Logger } from '@pustaka/kit/log';
import type { InboxReader, LiveDelivery } from './live-delivery.ts';
import { createLiveHub } from './live-hub.ts';
import type { LiveHub } from './live-hub.ts';
import { DEFAULT_LIVE_LIMITS } from './live-limits.ts';
import type { LiveLimits } from './live-limits.ts';
import { createInProcessFanout } from './live-fanout.ts';
import type { FanoutMessage, LiveFanout } from './live-fanout.ts';
import { createRabbitFanout } from './rabbit-live-fanout.ts';
import { LIVE_CLOSE } from './live-protocol.ts';

export interface LiveConnectionsOptions {
  /** Where a reconnecting client's missed notifications are read. */
  inbox: InboxReader;
  logger: Logger;
  /** RabbitMQ for the fan-out between replicas (the platform's `amqpUrl`); unset: this process only. */
  amqpUrl?: string | undefined;
  /** The fanout exchange (default `pustaka.notify.live`); tests name their own. */
  exchange?: string;
  /** Over DEFAULT_LIVE_LIMITS. */
  limits?: Partial<LiveLimits>;
}

/** Notify's live side on one replica: its sockets, and the fan-out that feeds them. */
export interface LiveConnections {
  /** What the inbox calls after a commit, and the topic consumers call per event. */
  delivery: LiveDelivery;
  limits: LiveLimits;
  /** Takes a socket opened on `/ws`. */
  accept(socket: WebSocket, verify: TokenVerifier): void;
  stats: LiveHub['stats'];
  /** Closes every socket with 1001 (clients resume on another replica), then the fan-out. */
  close(): Promise<void>;
}

/**
 * Starts the live side: the hub of this replica's sockets, and the fan-out through RabbitMQ when
 * `amqpUrl` is set (else in this process). `delivery.toMember` and `toTopic` publish to the fan-out,
 * which hands each message to the sockets of every replica, this one included, exactly once.
 *
 * @example
 *   const live = await startLiveConnections({ inbox, logger: deps.logger, amqpUrl: deps.amqpUrl });
 *   await registerLiveRoutes(app, live);
 *   // on shutdown: await live.close();
 */
export async function startLiveConnections(options: LiveConnectionsOptions): Promise<LiveConnections> {
  const limits = { ...DEFAULT_LIVE_LIMITS, ...options.limits };
  const hub = createLiveHub({ inbox: options.inbox, logger: options.logger, limits });
  const fanout: LiveFanout = options.amqpUrl
    ? createRabbitFanout({
        url: options.amqpUrl,
        logger: options.logger,
        connectionName: 'notify-live',
        ...(options.exchange ? { exchange: options.exchange } : {}),
      })
    : createInProcessFanout();
  const receive = (message: FanoutMessage) => {
    if (message.kind === 'member') hub.deliverToMember(message.memberId, message.notification);
    else hub.deliverToTopic(message.topic, message.message);
  };
  // The sockets may have missed messages: closed, their clients come back and resume from the inbox.
  await fanout.start(receive, () => hub.closeAll(LIVE_CLOSE.goingAway, 'FANOUT_RECONNECTED'));
  return {
    delivery: {
      toMember: (memberId, notification) => fanout.publish({ kind: 'member', memberId, notification }),
      toTopic: (topic, message) => fanout.publish({ kind: 'topic', topic, message }),
    },
    limits,
    accept: (socket, verify) => hub.accept(socket, verify),
    stats: () => hub.stats(),
    close: async () => {
      hub.close();
      await fanout.close();
    },
  };
}
