import { newId, serviceDb } from '@pustaka/kit/db';
import { createTestTokens, httpClient, platformDepsFor, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestPlatform, TestStorage } from '@pustaka/kit/testing';
import { catalogService } from '@pustaka/catalog';
import { catalogSettings } from '@pustaka/catalog/config';
import { newBook, newCategory } from '@pustaka/catalog/testing';
import { ordersService } from '../src/orders.service-module.ts';
import type { Inventory, OrdersContext, OrderStorage } from '../src/orders-context.ts';
import type { OrdersTables } from '../src/orders.tables.ts';
import { createOrderWriter } from '../src/orders/order-writer.ts';
import { ordersSettings } from '../config.ts';

export interface ShopUnderTest {
  platform: TestPlatform;
  api: HttpClient;
  staff: string;
  /** A member token for a new member each call. */
  member(): Promise<string>;
  /** A book with this much stock, created by staff; its id. */
  book(stock: number, price?: number): Promise<string>;
  close(): Promise<void>;
}

/** The catalog and orders in one process (Inventory in memory), with tokens from a stand-in identity. */
export async function startShop(storage: TestStorage): Promise<ShopUnderTest> {
  const tokens = await createTestTokens();
  const platform = await startTestPlatform(storage, [tokens.service, catalogService(catalogSettings()), ordersService(ordersSettings())]);
  const api = httpClient(platform.url);
  const staff = await tokens.issue({ role: 'staff' });
  const category = await api.post('/api/categories', { token: staff, body: newCategory() });
  return {
    platform,
    api,
    staff,
    member: () => tokens.issue({ role: 'member' }),
    book: async (stock, price = 1250) => {
      const created = await api.post('/api/books', { token: staff, body: newBook(category.body.id, { stock, price }) });
      if (created.status !== 201) throw new Error(`book not created: ${JSON.stringify(created.body)}`);
      return created.body.id;
    },
    close: () => platform.close(),
  };
}

/**
 * What the orders use cases receive, over test storage and a stand-in catalog, for calling them
 * without HTTP. The orders schema must exist (start a shop on the storage first).
 */
export function ordersContextOver(storage: TestStorage, inventory: Inventory): OrdersContext {
  const deps = platformDepsFor(storage);
  const now = () => new Date();
  const orderStorage: OrderStorage = {
    db: serviceDb<OrdersTables>(storage.database, 'orders'),
    cache: storage.cache.scope('orders'),
    logger: deps.logger,
    now,
    events: deps.events.outbox('orders', now),
  };
  return {
    ...orderStorage,
    newId,
    inventory,
    orderWriter: createOrderWriter(orderStorage),
    settings: { reservationTtlSeconds: 300, bookOrdersCacheTtlSeconds: 60 },
  };
}
