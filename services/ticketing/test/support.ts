import { randomUUID } from 'node:crypto';
import { sql } from '@pustaka/kit/db';
import type { RawBuilder } from 'kysely';
import { createTestTokens, httpClient, platformDepsFor, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestPlatform, TestStorage } from '@pustaka/kit/testing';
import { ticketingService } from '../src/ticketing.service-module.ts';
import { createTicketingContext } from '../src/ticketing-context.ts';
import type { TicketingContext } from '../src/ticketing-context.ts';
import { ticketingSettings } from '../config.ts';
import type { TicketingSettings } from '../config.ts';
import { newEvent } from '../testing.ts';

/** A clock the test moves: the platform, its jobs and `ctx` all read it. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export interface Member {
  id: string;
  token: string;
}

export interface TicketingUnderTest {
  platform: TestPlatform;
  api: HttpClient;
  storage: TestStorage;
  clock: TestClock;
  /** The service's context over the same storage and clock, to run jobs and use cases directly. */
  ctx: TicketingContext;
  staff: string;
  /** A new member each call, with their id and token. */
  member(): Promise<Member>;
  /** A published seated event (rows A–J, 10 seats each at 10,000 unless `seating` says otherwise); its id. */
  seatedEvent(overrides?: Record<string, unknown>): Promise<string>;
  /** A published general-admission event with this many places at 5,000 each; its id. */
  generalEvent(capacity: number, overrides?: Record<string, unknown>): Promise<string>;
  /** Rows of a query on the test database (tables as `ticketing.<name>`). */
  query<T>(statement: RawBuilder<T>): Promise<T[]>;
  close(): Promise<void>;
}

/** Ticketing alone on a free port, with a stand-in identity's tokens and a clock the test controls. */
export async function startTicketing(storage: TestStorage, overrides: Partial<TicketingSettings> = {}): Promise<TicketingUnderTest> {
  let offsetMs = 0;
  const clock: TestClock = {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms) => {
      offsetMs += ms;
    },
  };
  // Jobs are run by hand in these tests: scheduled only at midnight on New Year's Day.
  const settings = ticketingSettings({ HOLD_SWEEP_CRON: '0 0 0 1 1 *', REMINDER_CRON: '0 0 0 1 1 *', ...overrides });
  const tokens = await createTestTokens();
  const platform = await startTestPlatform(storage, [tokens.service, ticketingService(settings)], { now: clock.now });
  const deps = platformDepsFor(storage, { now: clock.now });
  const ctx = createTicketingContext(deps, settings);
  const api = httpClient(platform.url);
  const staff = await tokens.issue({ role: 'staff' });
  const publish = async (body: Record<string, unknown>) => {
    const created = await api.post('/api/events', { token: staff, body });
    if (created.status !== 201) throw new Error(`event not created: ${JSON.stringify(created.body)}`);
    const published = await api.post(`/api/events/${created.body.id}/publish`, { token: staff });
    if (published.status !== 200) throw new Error(`event not published: ${JSON.stringify(published.body)}`);
    return created.body.id as string;
  };
  return {
    platform,
    api,
    storage,
    clock,
    ctx,
    staff,
    member: async () => {
      const id = randomUUID();
      return { id, token: await tokens.issue({ role: 'member', userId: id }) };
    },
    seatedEvent: (eventOverrides = {}) => publish(newEvent(clock.now(), eventOverrides)),
    generalEvent: (capacity, eventOverrides = {}) =>
      publish(newEvent(clock.now(), { seating: { kind: 'general', capacity, price: 5_000 }, ...eventOverrides })),
    query: async (statement) => (await statement.execute(storage.database.root)).rows,
    close: async () => {
      await deps.events.close();
      await platform.close();
    },
  };
}

/** Holds seats (or places) as a member and books them; the booking as the API answered. */
export async function holdAndBook(sut: TicketingUnderTest, member: Member, eventId: string, hold: { seatIds: string[] } | { quantity: number }) {
  const held = await sut.api.post(`/api/events/${eventId}/holds`, { token: member.token, body: hold });
  if (held.status !== 201) throw new Error(`not held: ${JSON.stringify(held.body)}`);
  const booked = await sut.api.post('/api/bookings', { token: member.token, body: { holdId: held.body.holdId } });
  if (booked.status !== 201) throw new Error(`not booked: ${JSON.stringify(booked.body)}`);
  return booked.body;
}

/** The payloads of one type of event in ticketing's outbox that concern one event, oldest first. */
export async function outboxPayloads(sut: TicketingUnderTest, type: string, eventId: string): Promise<any[]> {
  const rows = await sut.query<{ payload: unknown }>(sql`
    select envelope->'payload' as payload from ticketing.outbox
    where type = ${type} and envelope->'payload'->>'eventId' = ${eventId} order by seq`);
  return rows.map((row) => row.payload);
}
