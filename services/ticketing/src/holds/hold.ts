import { AppError } from '@pustaka/kit/errors';
import type { HoldRow } from './holds.repository.ts';
import type { Hold } from './holds.schema.ts';

export function toHold(row: HoldRow): Hold {
  return {
    holdId: row.id,
    eventId: row.event_id,
    status: row.status,
    seats: row.seat_ids,
    quantity: row.quantity,
    total: row.total,
    currency: row.currency,
    expiresAt: row.expires_at.toISOString(),
  };
}

export function holdNotFound(): AppError {
  return new AppError('not_found', 'HOLD_NOT_FOUND', 'The hold was not found');
}

/** Why a hold can no longer be booked, as the client is told. */
export function holdUnavailable(row: HoldRow, now: Date): AppError | undefined {
  if (row.status === 'released') return new AppError('conflict', 'HOLD_RELEASED', 'The hold was released; hold the seats again');
  if (row.status === 'cancelled') return new AppError('conflict', 'EVENT_CANCELLED', 'The event was cancelled');
  if (row.status === 'expired' || (row.status === 'active' && row.expires_at <= now)) {
    return new AppError('conflict', 'HOLD_EXPIRED', 'The hold expired; hold the seats again', { extensions: { expiredAt: row.expires_at.toISOString() } });
  }
  return undefined;
}
