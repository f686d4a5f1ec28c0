import { expect, it } from 'vitest';
import { ORDER_CANCELLED, parseEvent } from '../src/index.ts';

const uuid = '0190c0de-5eed-7000-8000-000000000001';
const cancelled = {
  id: uuid,
  type: ORDER_CANCELLED,
  occurredAt: '2025-01-02T03:04:05.000Z',
  version: 1,
  payload: { orderId: uuid, userId: uuid, items: [{ bookId: uuid, quantity: 1 }], reason: 'changed my mind' },
};

it('reads envelopes with or without trace headers: the headers are context, not contract', () => {
  const headers = { requestId: 'req-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
  expect(parseEvent({ ...cancelled, headers })).toMatchObject({ headers });
  expect(() => parseEvent(cancelled)).not.toThrow();
  expect(() => parseEvent({ ...cancelled, headers: { requestId: 'req-1' } })).not.toThrow();
});
