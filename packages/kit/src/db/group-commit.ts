import type { Logger } from 'pino';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Group commit: items that arrive while a group is being applied wait and form the next group, so
 * one transaction serves everything that piled up behind the last. Groups run strictly one after
 * another, each in arrival order and of at most `maxSize` items. Each caller's promise settles
 * with its own result once its group is done; if `applyGroup` throws, every item of that group
 * rejects with the error.
 *
 * @example
 *   const applyDelivery = groupCommit(100, (deliveries) => applyInOneTransaction(deliveries));
 *   const settlement = await applyDelivery(delivery);
 */
export function groupCommit<T, R>(maxSize: number, applyGroup: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  const waiting: Array<{ item: T; resolve: (result: R) => void; reject: (error: unknown) => void }> = [];
  let draining = false;
  // Groups run in the context of whoever created the queue, not of the item that happened to
  // arrive first: its request id and span must not leak into work done for the whole group.
  const inCreatorsContext = AsyncLocalStorage.snapshot();

  const drain = async (): Promise<void> => {
    while (waiting.length > 0) {
      const group = waiting.splice(0, maxSize);
      try {
        const results = await applyGroup(group.map((entry) => entry.item));
        group.forEach((entry, n) => entry.resolve(results[n] as R));
      } catch (error) {
        for (const entry of group) entry.reject(error);
      }
    }
    draining = false;
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (draining) return;
      draining = true;
      // A turn later, so items handed over together (one socket read, one pump of a queue) start as one group.
      // Nothing awaits the drain: it settles every item itself and never rejects.
      setImmediate(() => void inCreatorsContext(drain));
    });
}

/** Thrown by a `together` writer for a group it cannot write as one: expected, so not logged. */
export class NotTogether extends Error {}

export interface TogetherOrAloneOptions<T, R> {
  /** Most items in one group. */
  maxSize: number;
  /** Items with the same key never share a group: the later ones are served alone after it. */
  keyOf: (item: T) => string;
  /**
   * Serves a group in one transaction: the result of each item it served (the others are served
   * alone). Throwing rolls it back whole: every item is then served alone. Throw `NotTogether`
   * when that is expected; anything else is logged, so a path that always fails does not hide.
   */
  together: (items: T[]) => Promise<Map<T, R>>;
  /** Serves one item in a transaction of its own: the precise answer, success or error. */
  alone: (item: T) => Promise<R>;
  logger: Logger;
  /** Names the group in the log line, e.g. `reservation`. */
  what: string;
}

/**
 * Group commit with a fallback, for writes that may refuse one item without refusing the others:
 * items that arrive while a group is written form the next (see `groupCommit`), the group is
 * offered to `together`, and whatever it did not serve is served by `alone`, so each caller gets
 * the answer it would have got alone, only sooner.
 *
 * @example
 *   const reserve = togetherOrAlone({ maxSize: 100, keyOf: (r) => r.orderId, together: reserveAll, alone: reserveOne, logger, what: 'reservation' });
 *   const reservation = await reserve(request);
 */
export function togetherOrAlone<T, R>(options: TogetherOrAloneOptions<T, R>): (item: T) => Promise<R> {
  const { keyOf, together, alone, logger, what } = options;
  const notServable = (error: unknown): Map<T, R> => {
    if (!(error instanceof NotTogether)) logger.warn({ err: error }, `${what} group failed; serving its items one by one`);
    return new Map();
  };
  const serve = groupCommit(options.maxSize, async (group: T[]): Promise<Array<PromiseSettledResult<R>>> => {
    const first: T[] = [];
    const seen = new Set<string>();
    for (const item of group) {
      if (!seen.has(keyOf(item))) first.push(item);
      seen.add(keyOf(item));
    }
    const served = first.length > 1 ? await together(first).catch(notServable) : new Map<T, R>();
    return Promise.allSettled(group.map((item) => (served.has(item) ? Promise.resolve(served.get(item) as R) : alone(item))));
  });
  return async (item) => {
    const outcome = await serve(item);
    if (outcome.status === 'rejected') throw outcome.reason;
    return outcome.value;
  };
}
