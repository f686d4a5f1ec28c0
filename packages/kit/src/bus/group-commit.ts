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
      setImmediate(() => inCreatorsContext(drain));
    });
}
