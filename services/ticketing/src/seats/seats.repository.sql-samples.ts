import { defineSqlSamples } from '@pustaka/kit/sql-snapshots';
import { migrations } from '../../migrations/index.ts';
import type { TicketingTables } from '../ticketing.tables.ts';
import { sampleBookingId, sampleEventId, sampleHoldId, sampleNow } from '../ticketing.sql-fixtures.ts';
import {
  bookFreeSeats,
  bookHeldSeats,
  findSeatMap,
  findSeats,
  freeAllSeats,
  freeSeatsOfBooking,
  freeSeatsOfHolds,
  holdSeats,
  lockSeats,
  lockSeatsOfBooking,
  lockSeatsOfHolds,
} from './seats.repository.ts';

const seats = ['A-1', 'A-2'];
const hold = { id: sampleHoldId, expiresAt: new Date(sampleNow.getTime() + 10 * 60_000) };

/**
 * Behind "a seat is never sold twice": locks in seat-id order, and every write re-checks that the
 * seat is free (or still this hold's or booking's) on the locked row.
 */
export default defineSqlSamples<TicketingTables>({
  schema: 'ticketing',
  migrations,
  samples: [
    { name: 'findSeats', run: (db) => findSeats(db, sampleEventId, seats) },
    { name: 'lockSeats', run: (db) => lockSeats(db, sampleEventId, seats) },
    { name: 'lockSeatsOfHolds', run: (db) => lockSeatsOfHolds(db, sampleEventId, [sampleHoldId]) },
    { name: 'lockSeatsOfBooking', run: (db) => lockSeatsOfBooking(db, sampleEventId, sampleBookingId) },
    { name: 'holdSeats', run: (db) => holdSeats(db, sampleEventId, seats, hold, sampleNow) },
    { name: 'bookHeldSeats', run: (db) => bookHeldSeats(db, sampleEventId, sampleHoldId, sampleBookingId, sampleNow) },
    { name: 'bookFreeSeats', run: (db) => bookFreeSeats(db, sampleEventId, seats, sampleBookingId, sampleNow) },
    { name: 'freeSeatsOfHolds', run: (db) => freeSeatsOfHolds(db, sampleEventId, [sampleHoldId]) },
    { name: 'freeSeatsOfBooking, every seat', run: (db) => freeSeatsOfBooking(db, sampleEventId, sampleBookingId) },
    { name: 'freeSeatsOfBooking, some seats', run: (db) => freeSeatsOfBooking(db, sampleEventId, sampleBookingId, ['A-2']) },
    { name: 'freeAllSeats', run: (db) => freeAllSeats(db, sampleEventId) },
    { name: 'findSeatMap', run: (db) => findSeatMap(db, sampleEventId) },
  ],
});
