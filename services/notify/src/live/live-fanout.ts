import type { LiveTopic } from '@pustaka/live-client';
import type { NotificationView } from './live-delivery.ts';

/** What travels between notify replicas: one notification for a member, or one topic message. */
export type FanoutMessage = { kind: 'member'; memberId: string; notification: NotificationView } | { kind: 'topic'; topic: LiveTopic; message: unknown };

/**
 * Carries live messages to every notify replica, the one that publishes included: each replica
 * hands what it receives to its own sockets, so the publisher's path is the same as the others'.
 */
export interface LiveFanout {
  readonly kind: 'rabbitmq' | 'in-process';
  /**
   * Starts receiving. `onGap` is called when messages may have been missed (the broker connection
   * came back): the sockets are then closed, so their clients resume from the inbox.
   */
  start(onMessage: (message: FanoutMessage) => void, onGap: () => void): Promise<void>;
  /** Resolves once the message is on its way to every replica (broker confirm). */
  publish(message: FanoutMessage): Promise<void>;
  close(): Promise<void>;
}

/**
 * One replica, no broker: the embedded default, and a notify alone without `AMQP_URL`.
 *
 * @example
 *   const fanout = createInProcessFanout();
 */
export function createInProcessFanout(): LiveFanout {
  let receive: ((message: FanoutMessage) => void) | undefined;
  return {
    kind: 'in-process',
    start: async (onMessage) => {
      receive = onMessage;
    },
    publish: async (message) => {
      receive?.(message);
    },
    close: async () => {
      receive = undefined;
    },
  };
}

/** A message from another replica, checked before it reaches sockets (a stray publish to the exchange must not crash one). */
export function isFanoutMessage(value: unknown): value is FanoutMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  if (message.kind === 'member') {
    const notification = message.notification as { id?: unknown } | null;
    return typeof message.memberId === 'string' && typeof notification === 'object' && notification !== null && typeof notification.id === 'string';
  }
  return message.kind === 'topic' && typeof message.topic === 'string' && 'message' in message;
}
