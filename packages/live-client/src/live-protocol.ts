/**
 * The messages of notify's `GET /ws`, both ways, as JSON text frames. The server (services/notify)
 * and this client read the same definitions, so the two cannot drift apart.
 */

/** A topic a client may follow: the seat map of one event, the stock of one book. */
export type LiveTopic = `seats:${string}` | `stock:${string}`;

/** What the client needs of a notification; the server sends the whole inbox entry. */
export interface LiveNotification {
  /** Increasing in the order notifications were written (a decimal string of a bigint). */
  id: string;
}

export type ClientMessage =
  /** The first message, within a few seconds of opening; `resumeAfter` is the last notification id seen. */
  | { type: 'auth'; token: string; resumeAfter?: string }
  /** A newer access token of the same member: the socket then stays open until it expires. */
  | { type: 'renew'; token: string }
  | { type: 'subscribe'; topic: LiveTopic }
  | { type: 'unsubscribe'; topic: LiveTopic };

export type ServerMessage<N extends LiveNotification = LiveNotification> =
  /** Authenticated; the notifications missed since `resumeAfter` (`replayed` of them) came before it. `complete: false`: more were missed than a socket replays, load the inbox. */
  | { type: 'ready'; memberId: string; expiresAt: number; replayed: number; complete: boolean }
  | { type: 'notification'; notification: N }
  | { type: 'renewed'; expiresAt: number }
  | { type: 'subscribed'; topic: LiveTopic }
  | { type: 'unsubscribed'; topic: LiveTopic }
  | { type: 'topic'; topic: LiveTopic; message: unknown }
  /** A message the server could not act on; the socket stays open. */
  | { type: 'error'; code: LiveErrorCode; message: string };

/** The stable codes of `error` messages. */
export const LIVE_ERROR_CODES = [
  /** Not a JSON object of a known shape. */
  'INVALID_MESSAGE',
  /** A topic other than `seats:<uuid>` or `stock:<uuid>`. */
  'INVALID_TOPIC',
  'TOO_MANY_SUBSCRIPTIONS',
  'ALREADY_AUTHENTICATED',
  /** A renewal refused: its token is not valid, of another member, or not newer (`message` says which). */
  'RENEW_REFUSED',
] as const;
export type LiveErrorCode = (typeof LIVE_ERROR_CODES)[number];

/**
 * Close codes the server uses; the reason is a stable code (e.g. `TOKEN_EXPIRED`). 1009 (message
 * too big) and 1001 (going away: a replica stopping) come from the WebSocket standard.
 */
export const LIVE_CLOSE = {
  /** Server stopping or its fan-out reconnected: reconnect (to another replica) and resume. */
  goingAway: 1001,
  /** Too many errors, or a client that sends faster than it is answered. */
  policyViolation: 1008,
  messageTooBig: 1009,
  /** Reconnect later: a dependency did not answer (REPLAY_FAILED, AUTH_UNAVAILABLE), the replica is full (REPLICA_FULL), or too much arrived during the replay (REPLAY_OVERFLOW). */
  tryAgainLater: 1013,
  /** No valid token: AUTH_REQUIRED, AUTH_TIMEOUT, INVALID_TOKEN, TOKEN_EXPIRED, TOKEN_REVOKED. Reconnect only with another token. */
  unauthorized: 4401,
  /** The client does not read what it is sent (SLOW_CONSUMER). */
  slowConsumer: 4408,
  /** The member has as many sockets open as allowed (TOO_MANY_CONNECTIONS). */
  tooManyConnections: 4429,
} as const;

/**
 * True when `a` is a later notification id than `b` (ids are decimal strings of any length).
 *
 * @example
 *   isLaterId('10', '9'); // true
 */
export function isLaterId(a: string, b: string | undefined): boolean {
  if (b === undefined) return true;
  return a.length !== b.length ? a.length > b.length : a > b;
}
