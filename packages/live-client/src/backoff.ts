export interface BackoffOptions {
  /** The ceiling of the first wait. */
  initialMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
  /**
   * The least ceiling after the server closed to go away (a replica stopping, 1001) or asked to
   * come back later (1013): all of its clients reconnect at once otherwise, so they spread over this.
   */
  serverCloseMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, serverCloseMs: 5_000 };

/**
 * The wait before reconnection attempt `attempt` (0 for the first): "full jitter", a uniform draw
 * between zero and a ceiling that doubles per attempt up to `maxMs`. When a replica restarts,
 * its thousands of clients spread over the whole window instead of coming back together.
 *
 * `leastCeilingMs` raises the ceiling (see `serverCloseMs`).
 *
 * @example
 *   reconnectDelay(3, { initialMs: 500, maxMs: 30_000 }, Math.random); // somewhere in [0, 4000)
 */
export function reconnectDelay(attempt: number, options: Pick<BackoffOptions, 'initialMs' | 'maxMs'>, random: () => number, leastCeilingMs = 0): number {
  const ceiling = Math.min(options.maxMs, Math.max(leastCeilingMs, options.initialMs * 2 ** Math.min(attempt, 30)));
  return Math.floor(random() * ceiling);
}
