import { DEFAULT_BACKOFF, reconnectDelay } from './backoff.ts';
import type { BackoffOptions } from './backoff.ts';
import { isLaterId, LIVE_CLOSE } from './live-protocol.ts';
import type { ClientMessage, LiveNotification, LiveTopic, ServerMessage } from './live-protocol.ts';

/** `connecting`, `open` (signed in, replay done), `waiting` (to reconnect), `unauthorized` (needs a new token: `renew`), `closed` (by `close`). */
export type LiveClientState = 'connecting' | 'open' | 'waiting' | 'unauthorized' | 'closed';

/** The parts of the standard WebSocket the client uses (the browser's, Node's global, or a test's). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface LiveClientOptions<N extends LiveNotification> {
  /** `wss://shop.example/ws`; a function is asked again before every connection. */
  url: string | (() => string);
  /** The access token: a function is asked before every connection, so it can hand a refreshed one. */
  token: string | (() => string | undefined | Promise<string | undefined>);
  /** The newest notification the app already has (the top of the inbox it loaded): resume after it. */
  resumeAfter?: string;
  onNotification?(notification: N): void;
  onTopic?(topic: LiveTopic, message: unknown): void;
  /** After every (re)connection, once missed notifications are in: reload what topics show (a seat map); `complete: false` means reload the inbox too. */
  onReady?(ready: Extract<ServerMessage, { type: 'ready' }>): void;
  onStateChange?(state: LiveClientState): void;
  /** A message the server refused (`code` is stable). */
  onError?(error: Extract<ServerMessage, { type: 'error' }>): void;
  backoff?: Partial<BackoffOptions>;
  /** Notification ids remembered to drop duplicates. */
  rememberedIds?: number;
  /** For tests and other runtimes: default the global WebSocket, Math.random and the global timers. */
  WebSocket?: new (url: string) => WebSocketLike;
  random?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export interface LiveClient {
  readonly state: LiveClientState;
  /** The newest notification id received: what the next connection resumes after. */
  readonly lastNotificationId: string | undefined;
  /** Follows a topic, now and after every reconnection. */
  subscribe(topic: LiveTopic): void;
  unsubscribe(topic: LiveTopic): void;
  /** A newer access token: sent on the open socket (which otherwise closes when the old one expires) and used to reconnect. */
  renew(token: string): void;
  close(): void;
}

const OPEN = 1;

/**
 * A tab's connection to notify's `/ws`, kept open: it signs in with the access token, resumes
 * after the last notification it saw (nothing lost across a reconnection, duplicates dropped by
 * id), follows its topics again after every reconnection, and reconnects with capped, fully
 * jittered exponential back-off (spread over at least `serverCloseMs` when the server closed to go
 * away, so a replica's clients do not all land on the next one together). A refused token (4401)
 * is not retried: the client waits for `renew` or a new token from `token()`.
 * Runs in browsers and in Node (24 has the standard WebSocket).
 *
 * @example
 *   const live = connectLive({ url: 'wss://shop.example/ws', token: () => session.accessToken, onNotification: show });
 *   live.subscribe(`seats:${eventId}`);
 */
export function connectLive<N extends LiveNotification = LiveNotification>(options: LiveClientOptions<N>): LiveClient {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const Socket = options.WebSocket ?? (globalThis.WebSocket as unknown as new (url: string) => WebSocketLike);
  const remembered = options.rememberedIds ?? 1_000;
  const topics = new Set<LiveTopic>();
  const seen = new Set<string>();
  let lastId = options.resumeAfter;
  let state: LiveClientState = 'connecting';
  let socket: WebSocketLike | undefined;
  let ready = false;
  let attempt = 0;
  let timer: unknown;
  let renewedToken: string | undefined;
  let usedToken: string | undefined;
  let refusedToken: string | undefined;

  const setState = (next: LiveClientState) => {
    if (next === state) return;
    state = next;
    options.onStateChange?.(next);
  };
  const send = (message: ClientMessage) => {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(message));
  };
  const currentToken = async () => (typeof options.token === 'function' ? ((await options.token()) ?? renewedToken) : (renewedToken ?? options.token));

  const receive = (message: ServerMessage<N>) => {
    switch (message.type) {
      case 'ready':
        ready = true;
        attempt = 0;
        setState('open');
        for (const topic of topics) send({ type: 'subscribe', topic });
        options.onReady?.(message);
        return;
      case 'notification': {
        const { id } = message.notification;
        if (seen.has(id)) return;
        seen.add(id);
        if (seen.size > remembered) seen.delete(seen.values().next().value!);
        if (isLaterId(id, lastId)) lastId = id;
        options.onNotification?.(message.notification);
        return;
      }
      case 'topic':
        if (topics.has(message.topic)) options.onTopic?.(message.topic, message.message);
        return;
      case 'renewed':
        // The socket now runs on the renewed token: a later 4401 refers to that one.
        usedToken = renewedToken;
        return;
      case 'error':
        options.onError?.(message);
        return;
      case 'subscribed':
      case 'unsubscribed':
        return;
    }
  };

  const scheduleReconnect = (code: number) => {
    setState('waiting');
    const serverClosed = code === LIVE_CLOSE.goingAway || code === LIVE_CLOSE.tryAgainLater;
    timer = setTimer(() => void connect(), reconnectDelay(attempt, backoff, random, serverClosed ? backoff.serverCloseMs : 0));
    attempt += 1;
  };

  // A function, so TypeScript does not narrow `state` across the awaits during which `close()` may run.
  const closed = () => state === 'closed';

  const connect = async (): Promise<void> => {
    timer = undefined;
    if (closed()) return;
    setState('connecting');
    const token = await currentToken();
    if (closed()) return;
    if (!token || token === refusedToken) {
      setState('unauthorized');
      return;
    }
    usedToken = token;
    ready = false;
    const url = typeof options.url === 'function' ? options.url() : options.url;
    const opened = new Socket(url);
    socket = opened;
    opened.onopen = () => send({ type: 'auth', token, ...(lastId !== undefined ? { resumeAfter: lastId } : {}) });
    opened.onmessage = (event) => {
      if (socket !== opened || typeof event.data !== 'string') return;
      try {
        receive(JSON.parse(event.data) as ServerMessage<N>);
      } catch {
        // A frame that is not JSON is the server's bug; the connection goes on.
      }
    };
    opened.onerror = () => {};
    opened.onclose = (event) => {
      if (socket !== opened) return;
      socket = undefined;
      ready = false;
      if (state === 'closed') return;
      if (event.code === LIVE_CLOSE.unauthorized) {
        refusedToken = usedToken;
        // Expired or revoked: only another token helps; the token source may already have one.
        void connect();
        return;
      }
      scheduleReconnect(event.code);
    };
  };

  void connect();

  return {
    get state() {
      return state;
    },
    get lastNotificationId() {
      return lastId;
    },
    subscribe(topic) {
      if (topics.has(topic)) return;
      topics.add(topic);
      if (ready) send({ type: 'subscribe', topic });
    },
    unsubscribe(topic) {
      if (!topics.delete(topic)) return;
      if (ready) send({ type: 'unsubscribe', topic });
    },
    renew(token) {
      renewedToken = token;
      if (ready) send({ type: 'renew', token });
      else if (state === 'unauthorized') void connect();
    },
    close() {
      setState('closed');
      if (timer !== undefined) clearTimer(timer);
      socket?.close(1000, 'CLOSED');
      socket = undefined;
    },
  };
}
