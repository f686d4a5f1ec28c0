import { Type } from 'typebox';
import type { Static } from 'typebox';
import { loadConfig } from '@pustaka/kit/config';

/** What orders reads from the environment, whichever process it runs in (alone or embedded). */
export const OrdersSettingsSchema = Type.Object({
  /** How long the catalog holds stock for an order being written; the expiry job frees it after. */
  ORDER_RESERVATION_TTL_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 300 }),
  /** Longest wait for the catalog on a call; past it the order fails with 503 and nothing is kept. */
  CATALOG_DEADLINE_MS: Type.Integer({ minimum: 50, maximum: 30_000, default: 2_000 }),
  BOOK_ORDERS_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 }),
});

export type OrdersSettings = Static<typeof OrdersSettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function ordersSettings(overrides: Partial<OrdersSettings> = {}): OrdersSettings {
  return { ...loadConfig(OrdersSettingsSchema, {}), ...overrides };
}
