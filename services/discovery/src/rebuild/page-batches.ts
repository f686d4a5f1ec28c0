/**
 * The pages of a listing gathered into batches of at least `size` items (the last may hold fewer),
 * so a step writes many pages in one go: counters that many orders share (a best seller's sales,
 * a planted pair) are then added up in memory and written once per batch instead of once per page.
 *
 * @example
 *   for await (const orders of batchesOf(listedOrders(owners, { pageSize: 1000 }), 10_000)) await write(orders);
 */
export async function* batchesOf<Item>(pages: AsyncIterable<Item[]>, size: number): AsyncGenerator<Item[], void, undefined> {
  let batch: Item[] = [];
  for await (const page of pages) {
    batch = batch.length === 0 ? page : batch.concat(page);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The items of `source`, each next one asked for as soon as the one before is handed over: the
 * owner's listing is read while the step writes what it read before (the listing is mostly the
 * owner's and gRPC's work, the writing the database's, so the two overlap on separate cores). When
 * the reader stops early, the source is closed and the item read ahead is dropped.
 *
 * @example
 *   for await (const page of readAhead(listedOrders(owners, { pageSize: 1000 }))) await write(page);
 */
export async function* readAhead<Item>(source: AsyncIterable<Item>): AsyncGenerator<Item, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  try {
    let next = iterator.next();
    while (true) {
      const result = await next;
      if (result.done) {
        done = true;
        return;
      }
      next = iterator.next();
      // Awaited on the next turn; until then a failure must not count as unhandled.
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    if (!done) await iterator.return?.();
  }
}
