export interface BackoffOptions {
  /** The ceiling of the first wait. */
  initialMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/**
 * The wait before reconnection attempt `attempt` (0 for the first): "full jitter", a uniform draw
 * between zero and a ceiling that doubles per attempt up to `maxMs`. When a replica restarts,
 * its thousands of clients spread over the whole window instead of coming back together.
 *
 * @example
 *   reconnectDelay(3, { initialMs: 500, maxMs: 30_000 }, Math.random); // somewhere in [0, 4000)
 */
export function reconnectDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
