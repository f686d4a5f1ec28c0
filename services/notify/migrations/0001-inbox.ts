import { sql } from '@pustaka/kit/db';
import type { Kysely, Migration } from '@pustaka/kit/db';

/**
 * What notify keeps: what it knows of members (from identity's events) and of bookings and
 * ticketed events (from ticketing's), each member's notifications and preferences, and the emails
 * waiting to be sent.
 */
export const inbox: Migration = {
  async up(db: Kysely<any>) {
    // `state_version` is the id (a UUIDv7) of the newest user.updated applied, so a late older one changes nothing.
    await sql`
      create table members (
        member_id uuid primary key,
        email text,
        role text not null default 'member' constraint members_role check (role in ('member', 'staff', 'admin')),
        disabled boolean not null default false,
        state_version uuid
      )`.execute(db);
    // Who hears stock.low and dead letters.
    await sql`create index members_staff_idx on members (member_id) where role in ('staff', 'admin') and not disabled`.execute(db);

    // A cancellation is final: a confirmation delivered after it never brings a booking back.
    await sql`
      create table event_bookings (
        booking_id uuid primary key,
        event_id uuid not null,
        member_id uuid not null,
        cancelled boolean not null default false
      )`.execute(db);
    // The members with a live booking on an event, told when it changes.
    await sql`create index event_bookings_live_idx on event_bookings (event_id, member_id) where not cancelled`.execute(db);

    // What members are told when an event changes: its time and place as last announced.
    await sql`
      create table ticketed_events (
        event_id uuid primary key,
        title text not null,
        venue text not null,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        timezone text not null,
        version uuid not null
      )`.execute(db);

    // Ids from one sequence, taken under a lock held to the commit, so they increase in the order
    // notifications are committed: a client resumes after the last id it saw and misses none.
    await sql`
      create table notifications (
        id bigint generated always as identity primary key,
        member_id uuid not null,
        kind text not null,
        title text not null constraint notifications_title_length check (char_length(title) <= 200),
        body text not null constraint notifications_body_length check (char_length(body) <= 2000),
        link text constraint notifications_link_path check (link like '/%'),
        data jsonb not null default '{}',
        created_at timestamptz not null,
        read_at timestamptz
      )`.execute(db);
    // A member's inbox, newest first, and what they missed, oldest first.
    await sql`create index notifications_member_idx on notifications (member_id, id)`.execute(db);
    // The unread count and read-all.
    await sql`create index notifications_unread_idx on notifications (member_id, id) where read_at is null`.execute(db);

    // A row only where the member chose otherwise than the default.
    await sql`
      create table preferences (
        member_id uuid not null,
        kind text not null,
        in_app boolean not null,
        email boolean not null,
        updated_at timestamptz not null,
        primary key (member_id, kind)
      )`.execute(db);

    // One email per event, member and kind (unique), sent by the email job: 'sending' is committed
    // before the send, so a crash mid-send leaves it there and it is never sent twice.
    await sql`
      create table email_outbox (
        id bigint generated always as identity primary key,
        source_event_id uuid not null,
        member_id uuid not null,
        kind text not null,
        notification_id bigint references notifications (id),
        to_address text not null,
        subject text not null,
        body text not null,
        status text not null default 'pending' constraint email_outbox_status check (status in ('pending', 'sending', 'sent', 'failed')),
        attempts integer not null default 0,
        next_attempt_at timestamptz not null,
        last_error text,
        created_at timestamptz not null,
        sent_at timestamptz,
        -- which sender took it: smtp, or log when no mail server is configured
        sent_via text,
        constraint email_outbox_once unique (source_event_id, member_id, kind)
      )`.execute(db);
    await sql`create index email_outbox_due_idx on email_outbox (next_attempt_at, id) where status = 'pending'`.execute(db);
  },
};
