/** How much one notify replica lets each socket, member and client hold; every one bounded. */
export interface LiveLimits {
  /** Largest client message; a larger one closes the socket with 1009 (an access token is under 1 KiB). */
  maxMessageBytes: number;
  /** Time from opening to the `auth` message. */
  authTimeoutMs: number;
  /** Topics one socket follows at once. */
  maxSubscriptions: number;
  /** Sockets one member holds on this replica (one per tab). */
  maxConnectionsPerMember: number;
  /** Sockets this replica holds, signed in or not yet. */
  maxConnections: number;
  /** Missed notifications replayed on connect; past it `ready` says `complete: false`. */
  maxReplay: number;
  /** Notifications read from the inbox per query while replaying. */
  replayPageSize: number;
  /** Live notifications held for a socket while its replay runs. */
  maxBufferedDuringReplay: number;
  /** Bytes waiting to be sent to a socket before it is dropped as a slow consumer. */
  maxPendingSendBytes: number;
  /** Client messages waiting to be handled (a flood); then the socket is closed (1008). */
  maxQueuedMessages: number;
  /** Error answers before the socket is closed (1008). */
  maxErrors: number;
  /** Ping interval; a socket that did not answer the previous ping is dropped. */
  heartbeatIntervalMs: number;
  /** How often an open socket's token is checked again against the revocation lists. */
  revocationCheckMs: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  maxMessageBytes: 4_096,
  authTimeoutMs: 5_000,
  maxSubscriptions: 20,
  maxConnectionsPerMember: 10,
  maxConnections: 50_000,
  maxReplay: 500,
  replayPageSize: 100,
  maxBufferedDuringReplay: 1_000,
  maxPendingSendBytes: 1_048_576,
  maxQueuedMessages: 20,
  maxErrors: 20,
  heartbeatIntervalMs: 30_000,
  revocationCheckMs: 60_000,
};
