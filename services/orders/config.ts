import { Type } from 'typebox';
import type { Static } from 'typebox';
import { AuthEnv, HttpEnv, loadConfig, StorageEnv } from '@pustaka/kit/config';

/** What the orders service itself needs, whichever process it runs in (standalone or embedded). */
export const OrdersSettingsSchema = Type.Object({
  /** How long the catalog holds stock for an order being written; the expiry job frees it after. */
  ORDER_RESERVATION_TTL_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 300 }),
  /** Longest wait for the catalog on a call; past it the order fails with 503 and nothing is kept. */
  CATALOG_DEADLINE_MS: Type.Integer({ minimum: 50, maximum: 30_000, default: 2_000 }),
  BOOK_ORDERS_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 }),
});

export type OrdersSettings = Static<typeof OrdersSettingsSchema>;

/** The environment of the standalone orders process. */
export const OrdersEnv = Type.Object({
  ...HttpEnv,
  ...StorageEnv,
  ...AuthEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3003 }),
  JWKS_URL: Type.String({ pattern: '^https?://' }),
  AMQP_URL: Type.Optional(Type.String({ pattern: '^amqps?://' })),
  /** Where orders serves gRPC (Orders.FindOrders, for the catalog's expiry job). */
  RPC_PORT: Type.Integer({ minimum: 1, maximum: 65_535, default: 4003 }),
  /** The catalog's gRPC address, e.g. `http://127.0.0.1:4002`. */
  CATALOG_RPC_URL: Type.String({ pattern: '^https?://' }),
  ...OrdersSettingsSchema.properties,
});

export type OrdersConfig = Static<typeof OrdersEnv>;

export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env): Readonly<OrdersConfig> {
  return loadConfig(OrdersEnv, env);
}

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function ordersSettings(overrides: Partial<OrdersSettings> = {}): OrdersSettings {
  return { ...loadConfig(OrdersSettingsSchema, {}), ...overrides };
}
