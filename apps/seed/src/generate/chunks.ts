/**
 * The items of a stream in arrays of at most `size`, read as they are needed: 1M orders go to
 * the database 5,000 at a time without ever all being in memory.
 *
 * @example
 *   for (const chunk of chunksOf(shop.orders, 5_000)) await importOrders(chunk);
 */
export function* chunksOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
