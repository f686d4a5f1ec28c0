import type { RawData, WebSocket } from 'ws';
import type { Caller, TokenVerifier } from '@pustaka/kit/auth';
import { AppError } from '@pustaka/kit/errors';
import type { Logger } from '@pustaka/kit/log';
import type { LiveTopic } from '@pustaka/live-client';
import type { InboxReader, NotificationView } from './live-delivery.ts';
import type { LiveLimits } from './live-limits.ts';
import { LIVE_CLOSE, parseClientMessage } from './live-protocol.ts';
import type { LiveErrorCode, ServerMessage } from './live-protocol.ts';

/** What a connection needs of the hub that holds it. */
export interface ConnectionHost {
  limits: LiveLimits;
  inbox: InboxReader;
  logger: Logger;
  /** Registers a signed-in connection under its member; false when the member has too many. */
  admit(connection: LiveConnection): boolean;
  follow(connection: LiveConnection, topic: LiveTopic): void;
  unfollow(connection: LiveConnection, topic: LiveTopic): void;
  /** Forgets a closed connection. */
  release(connection: LiveConnection): void;
}

type State = 'awaiting-auth' | 'replaying' | 'live' | 'closed';

/**
 * One socket, one tab: it must authenticate with its first message, then replays what its member
 * missed, then receives live notifications and the topics it follows until its token expires
 * (unless renewed), is revoked, or the socket closes. Its messages are handled one at a time, in
 * order, so a subscribe sent right after `auth` waits for the authentication.
 */
export class LiveConnection {
  memberId: string | undefined;
  readonly topics = new Set<LiveTopic>();
  private state: State = 'awaiting-auth';
  private token = '';
  private expiresAt = 0;
  private verifiedAt = 0;
  private answeredPing = true;
  private rechecking = false;
  private errors = 0;
  private queued = 0;
  private handling: Promise<void> = Promise.resolve();
  /** Live notifications that arrived during the replay: sent after it, unless it sent them. */
  private heldBack: Array<{ id: string; frame: string }> = [];
  private authTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;

  private readonly socket: WebSocket;
  private readonly host: ConnectionHost;
  private readonly verify: TokenVerifier;

  constructor(socket: WebSocket, host: ConnectionHost, verify: TokenVerifier) {
    this.socket = socket;
    this.host = host;
    this.verify = verify;
    socket.on('message', (data, isBinary) => this.enqueue(data, isBinary));
    socket.on('pong', () => {
      this.answeredPing = true;
    });
    socket.on('close', () => this.release());
    this.authTimer = setTimeout(() => this.close(LIVE_CLOSE.unauthorized, 'AUTH_TIMEOUT'), host.limits.authTimeoutMs);
  }

  get isLive(): boolean {
    return this.state === 'live';
  }

  /** A notification for this connection's member, with its frame already serialized (once for every tab). */
  deliver(notification: NotificationView, frame: string): void {
    if (this.state === 'live') this.send(frame);
    else if (this.state === 'replaying') {
      if (this.heldBack.length >= this.host.limits.maxBufferedDuringReplay) this.close(LIVE_CLOSE.tryAgainLater, 'REPLAY_OVERFLOW');
      else this.heldBack.push({ id: notification.id, frame });
    }
  }

  /** A frame of a topic this connection follows. */
  deliverTopic(frame: string): void {
    if (this.state === 'live') this.send(frame);
  }

  /** The heartbeat: drops a socket that did not answer the last ping, and checks its token for revocation now and then. */
  beat(now: number): void {
    if (this.state === 'closed') return;
    if (!this.answeredPing) {
      this.socket.terminate();
      this.release();
      return;
    }
    this.answeredPing = false;
    this.socket.ping();
    if (this.state === 'live' && now - this.verifiedAt >= this.host.limits.revocationCheckMs) void this.recheckToken(now);
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.socket.close(code, reason);
    this.release();
  }

  private release(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.authTimer);
    clearTimeout(this.expiryTimer);
    this.heldBack = [];
    this.host.release(this);
  }

  private enqueue(data: RawData, isBinary: boolean): void {
    if (this.state === 'closed') return;
    if (++this.queued > this.host.limits.maxQueuedMessages) {
      this.close(LIVE_CLOSE.policyViolation, 'TOO_MANY_MESSAGES');
      return;
    }
    const text = isBinary
      ? ''
      : Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8');
    this.handling = this.handling
      .then(() => this.handle(text, isBinary))
      .catch((error: unknown) => {
        this.host.logger.error({ err: error, memberId: this.memberId }, 'live message failed');
        this.close(1011, 'INTERNAL_ERROR');
      })
      .finally(() => {
        this.queued -= 1;
      });
  }

  private async handle(text: string, isBinary: boolean): Promise<void> {
    if (this.state === 'closed') return;
    const parsed = parseClientMessage(text, isBinary);
    if (this.state === 'awaiting-auth' && (!parsed.ok || parsed.message.type !== 'auth')) {
      this.close(LIVE_CLOSE.unauthorized, 'AUTH_REQUIRED');
      return;
    }
    if (!parsed.ok) return this.answerError(parsed.code, parsed.detail);
    const { message } = parsed;
    switch (message.type) {
      case 'auth':
        if (this.state !== 'awaiting-auth') return this.answerError('ALREADY_AUTHENTICATED', 'This socket is signed in: send "renew" with a newer token');
        return this.authenticate(message.token, message.resumeAfter);
      case 'renew':
        return this.renew(message.token);
      case 'subscribe':
        if (!this.topics.has(message.topic)) {
          if (this.topics.size >= this.host.limits.maxSubscriptions) {
            return this.answerError('TOO_MANY_SUBSCRIPTIONS', `A socket follows at most ${this.host.limits.maxSubscriptions} topics`);
          }
          this.topics.add(message.topic);
          this.host.follow(this, message.topic);
        }
        return this.answer({ type: 'subscribed', topic: message.topic });
      case 'unsubscribe':
        if (this.topics.delete(message.topic)) this.host.unfollow(this, message.topic);
        return this.answer({ type: 'unsubscribed', topic: message.topic });
    }
  }

  private async authenticate(token: string, resumeAfter: string | undefined): Promise<void> {
    clearTimeout(this.authTimer);
    const caller = await this.verifyOrClose(token);
    if (!caller || this.state === 'closed') return;
    this.memberId = caller.id;
    this.acceptToken(token, caller);
    if (!this.host.admit(this)) {
      this.close(LIVE_CLOSE.tooManyConnections, 'TOO_MANY_CONNECTIONS');
      return;
    }
    this.state = 'replaying';
    let replay: { ids: Set<string>; complete: boolean };
    try {
      replay = await this.replay(caller.id, resumeAfter);
    } catch (error) {
      this.host.logger.warn({ err: error, memberId: caller.id }, 'replay of missed notifications failed; the client reconnects later');
      this.close(LIVE_CLOSE.tryAgainLater, 'REPLAY_FAILED');
      return;
    }
    if (this.state !== 'replaying') return;
    // From here to `live` nothing awaits, so no live notification can slip between the two.
    this.answer({ type: 'ready', memberId: caller.id, expiresAt: this.expiresAt, replayed: replay.ids.size, complete: replay.complete });
    for (const held of this.heldBack) if (!replay.ids.has(held.id)) this.send(held.frame);
    this.heldBack = [];
    this.state = 'live';
  }

  /** Sends the member's notifications written after `resumeAfter`, oldest first, up to the limit. */
  private async replay(memberId: string, resumeAfter: string | undefined): Promise<{ ids: Set<string>; complete: boolean }> {
    const ids = new Set<string>();
    if (resumeAfter === undefined) return { ids, complete: true };
    const { maxReplay, replayPageSize } = this.host.limits;
    let after = resumeAfter;
    while (ids.size < maxReplay) {
      const wanted = Math.min(replayPageSize, maxReplay - ids.size);
      const page = await this.host.inbox.missedSince(memberId, after, wanted);
      if (this.state !== 'replaying') return { ids, complete: false };
      for (const notification of page) {
        if (ids.has(notification.id)) continue;
        ids.add(notification.id);
        this.answer({ type: 'notification', notification });
      }
      if (page.length < wanted) return { ids, complete: true };
      after = page.at(-1)!.id;
    }
    // Exactly the limit replayed: one more look says whether anything is left.
    const more = await this.host.inbox.missedSince(memberId, after, 1);
    return { ids, complete: more.length === 0 };
  }

  private async renew(token: string): Promise<void> {
    let caller: Caller;
    try {
      caller = await this.verify(token);
    } catch (error) {
      if (error instanceof AppError) return this.answerError('RENEW_REFUSED', `${error.code}: ${error.message}`);
      throw error;
    }
    if (caller.id !== this.memberId) return this.answerError('RENEW_REFUSED', 'The token is of another member');
    if (caller.expiresAt <= this.expiresAt) return this.answerError('RENEW_REFUSED', 'The token does not expire later than the current one');
    this.acceptToken(token, caller);
    this.answer({ type: 'renewed', expiresAt: caller.expiresAt });
  }

  private acceptToken(token: string, caller: Caller): void {
    this.token = token;
    this.expiresAt = caller.expiresAt;
    this.verifiedAt = Date.now();
    clearTimeout(this.expiryTimer);
    const remainingMs = Math.max(0, caller.expiresAt * 1000 - Date.now());
    this.expiryTimer = setTimeout(() => this.close(LIVE_CLOSE.unauthorized, 'TOKEN_EXPIRED'), remainingMs);
  }

  private async recheckToken(now: number): Promise<void> {
    if (this.rechecking) return;
    this.rechecking = true;
    const token = this.token;
    try {
      await this.verify(token);
      if (token === this.token) this.verifiedAt = now;
    } catch (error) {
      // Keys or revocation lists out of reach: keep the socket, check again at the next beat.
      if (error instanceof AppError && error.kind === 'unauthorized' && token === this.token) this.close(LIVE_CLOSE.unauthorized, error.code);
      else if (!(error instanceof AppError)) this.host.logger.warn({ err: error }, 'token re-check failed');
    } finally {
      this.rechecking = false;
    }
  }

  private async verifyOrClose(token: string): Promise<Caller | undefined> {
    try {
      return await this.verify(token);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.close(error.kind === 'unauthorized' ? LIVE_CLOSE.unauthorized : LIVE_CLOSE.tryAgainLater, error.code);
      return undefined;
    }
  }

  private answerError(code: LiveErrorCode, message: string): void {
    this.answer({ type: 'error', code, message });
    if (++this.errors >= this.host.limits.maxErrors) this.close(LIVE_CLOSE.policyViolation, 'TOO_MANY_ERRORS');
  }

  private answer(message: ServerMessage<NotificationView>): void {
    this.send(JSON.stringify(message));
  }

  private send(frame: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.host.limits.maxPendingSendBytes) {
      this.close(LIVE_CLOSE.slowConsumer, 'SLOW_CONSUMER');
      return;
    }
    this.socket.send(frame);
  }
}
