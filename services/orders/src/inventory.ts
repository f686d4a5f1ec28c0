export interface OrderLineRequest {
  bookId: string;
  quantity: number;
}

/** Stock taken in the catalog for one order, with the catalog's title and price of each book. */
export interface StockReservation {
  lines: Array<OrderLineRequest & { title: string; unitPrice: number; currency: string }>;
  expiresAt: string;
}

/**
 * The catalog's inventory as orders sees it (gRPC in the cluster, in-memory in the embedded
 * default). Errors arrive as AppErrors: OUT_OF_STOCK, UNKNOWN_BOOK, UPSTREAM_UNAVAILABLE.
 */
export interface Inventory {
  reserve(request: { orderId: string; items: OrderLineRequest[]; ttlSeconds: number }): Promise<StockReservation>;
  release(orderId: string): Promise<void>;
}
