import { expect, it } from 'vitest';
import { describeService } from '@pustaka/kit/testing';
import type { TestStorage } from '@pustaka/kit/testing';
import { seedDemoEvents } from '../src/ticketing.service-module.ts';
import { startTicketing } from './support.ts';
import type { TicketingUnderTest } from './support.ts';

const DAY = 24 * 3_600_000;
const seededAt = new Date();
const now = () => seededAt;

interface ListedEvent {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  status: string;
  capacity: number;
  seating: { kind: string };
}

/** Ticketing over storage seeded before it starts, as the embedded app does on first start. */
async function startSeededTicketing(storage: TestStorage): Promise<TicketingUnderTest> {
  expect(await seedDemoEvents(storage.database, { now })).toEqual({ events: 7, seats: 5_344 });
  return startTicketing(storage);
}

describeService('the demo events seed', startSeededTicketing, (sut, { storage, backend }) => {
  const listed = async () => (await sut.api.get('/api/events?pageSize=100')).body.items as ListedEvent[];

  it('publishes upcoming events over the next weeks: seated ones, one with general admission, one hall of 5,000 seats', async () => {
    const events = await listed();
    expect(events).toHaveLength(7);
    for (const event of events) {
      expect(event.status).toBe('published');
      expect(event.timezone).toBe('Asia/Jakarta');
      const startsIn = new Date(event.startsAt).getTime() - seededAt.getTime();
      expect(startsIn).toBeGreaterThan(DAY);
      expect(startsIn).toBeLessThan(32 * DAY);
      expect(new Date(event.endsAt) > new Date(event.startsAt)).toBe(true);
    }
    expect(events.filter((event) => event.seating.kind === 'general')).toHaveLength(1);
    expect(events.filter((event) => event.seating.kind === 'seated').length).toBeGreaterThanOrEqual(5);
    const hall = events.find((event) => event.capacity === 5_000)!;
    const map = await sut.api.get(`/api/events/${hall.id}/seats`);
    expect(map.body).toMatchObject({ kind: 'seated', capacity: 5_000, remaining: 5_000 });
    expect(map.body.seats).toHaveLength(5_000);
    expect(map.body.seats.at(-1)).toMatchObject({ id: 'AX-100', section: 'Balcony', status: 'free' });
  });

  it('sells its seats like any event: a member holds and books one', async () => {
    const [reading] = await listed();
    const member = await sut.member();
    const held = await sut.api.post(`/api/events/${reading!.id}/holds`, { token: member.token, body: { seatIds: ['A-1'] } });
    expect(held.status).toBe(201);
    expect((await sut.api.post('/api/bookings', { token: member.token, body: { holdId: held.body.holdId } })).status).toBe(201);
  });

  it('announces every seeded event with event.published, so search lists the programme', async () => {
    const rows = await storage.database.root.selectFrom('ticketing.outbox').select(['type', 'envelope']).where('type', '=', 'event.published').execute();
    expect(rows.map((row) => row.envelope.payload.title).sort()).toEqual((await listed()).map((event) => event.title).sort());
  });

  it('adds nothing when run again, even when two seeders race', async () => {
    expect(await seedDemoEvents(storage.database, { now })).toEqual({ events: 0, seats: 0 });
    const other = await backend.open();
    try {
      const results = await Promise.all([seedDemoEvents(other.database, { now }), seedDemoEvents(other.database, { now })]);
      expect(results.map((result) => result.events).sort()).toEqual([0, 7]);
    } finally {
      await other.dispose();
    }
    expect(await listed()).toHaveLength(7);
  });
});
