import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import {
  BOOK_CREATED,
  BOOK_DELETED,
  BOOK_UPDATED,
  BOOKING_CANCELLED,
  BOOKING_CHANGED,
  BOOKING_CONFIRMED,
  BOOKING_REMINDER,
  CATEGORY_UPDATED,
  DEAD_LETTER_RECORDED,
  EVENT_CANCELLED,
  EVENT_PUBLISHED,
  EVENT_UPDATED,
  EventEnvelope,
  eventRegistry,
  ORDER_CANCELLED,
  ORDER_FULFILLED,
  ORDER_PLACED,
  OrderPlacedPayload,
  parseEvent,
  SEATS_CHANGED,
  STOCK_CHANGED,
  STOCK_LOW,
  USER_REGISTERED,
  USER_UPDATED,
} from '../src/index.ts';
import type { DomainEvent } from '../src/index.ts';

const id = () => '0190c0de-5eed-7000-8000-00000000000' + Math.floor(Math.random() * 10);

function orderPlaced(overrides: Record<string, unknown> = {}) {
  return {
    id: id(),
    type: ORDER_PLACED,
    occurredAt: '2025-01-02T03:04:05.000Z',
    version: 1,
    payload: {
      orderId: id(),
      userId: id(),
      items: [{ bookId: id(), title: 'Laskar Pelangi', quantity: 2, unitPrice: 1500 }],
      total: 3000,
      currency: 'IDR',
      placedAt: '2025-01-02T03:04:05.000Z',
    },
    ...overrides,
  };
}

describe('event contracts', () => {
  it('registers every event the services publish, each with a version and a payload schema', () => {
    expect(Object.keys(eventRegistry).sort()).toEqual(
      [
        BOOK_CREATED,
        BOOK_DELETED,
        BOOK_UPDATED,
        CATEGORY_UPDATED,
        ORDER_CANCELLED,
        ORDER_FULFILLED,
        ORDER_PLACED,
        STOCK_CHANGED,
        STOCK_LOW,
        USER_REGISTERED,
        USER_UPDATED,
        EVENT_PUBLISHED,
        EVENT_UPDATED,
        EVENT_CANCELLED,
        BOOKING_CONFIRMED,
        BOOKING_CHANGED,
        BOOKING_CANCELLED,
        BOOKING_REMINDER,
        SEATS_CHANGED,
        DEAD_LETTER_RECORDED,
      ].sort(),
    );
    for (const entry of Object.values(eventRegistry)) expect(entry.version).toBeGreaterThanOrEqual(1);
  });

  it('accepts a well-formed event and narrows it by type', () => {
    const event: DomainEvent = parseEvent(orderPlaced());
    if (event.type !== ORDER_PLACED) throw new Error('narrowing failed');
    expect(event.payload.items[0]?.unitPrice).toBe(1500);
  });

  it('tolerates payload fields it does not know yet, so producers can add fields first', () => {
    const event = orderPlaced();
    expect(() => parseEvent({ ...event, payload: { ...event.payload, giftWrap: true } })).not.toThrow();
  });

  it('rejects unknown types, bad payloads, bad envelopes and versions newer than the code', () => {
    expect(() => parseEvent(orderPlaced({ type: 'order.teleported' }))).toThrow(/Unknown event type/);
    expect(() => parseEvent(orderPlaced({ id: 'not-a-uuid' }))).toThrow(/Invalid order.placed event: \/id/);
    expect(() => parseEvent(orderPlaced({ payload: { orderId: id() } }))).toThrow(/Invalid order.placed/);
    expect(() => parseEvent(orderPlaced({ version: 2 }))).toThrow(/newer than this consumer knows/);
    expect(() =>
      parseEvent({
        id: id(),
        type: STOCK_CHANGED,
        occurredAt: '2025-01-02T03:04:05Z',
        version: 1,
        payload: { bookId: id(), stock: 1, delta: -1, reason: 'theft' },
      }),
    ).toThrow(/Invalid stock.changed/);
  });

  it('builds an envelope schema for any payload', () => {
    const validator = Compile(EventEnvelope(ORDER_PLACED, OrderPlacedPayload));
    expect(validator.Check(orderPlaced())).toBe(true);
    expect(validator.Check(orderPlaced({ type: ORDER_CANCELLED }))).toBe(false);
  });
});
