import type { Generated, Kysely, Transaction } from '@pustaka/kit/db';

/** Rows of notify's tables (see the migration). Bigint ids are read as decimal strings. */

export interface MemberTable {
  member_id: string;
  email: string | null;
  role: Generated<'member' | 'staff' | 'admin'>;
  disabled: Generated<boolean>;
  state_version: string | null;
}

export interface EventBookingTable {
  booking_id: string;
  event_id: string;
  member_id: string;
  cancelled: Generated<boolean>;
}

export interface TicketedEventTable {
  event_id: string;
  title: string;
  venue: string;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  version: string;
}

export interface NotificationTable {
  id: Generated<string>;
  member_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, string | number>;
  created_at: Date;
  read_at: Date | null;
}

export interface PreferenceTable {
  member_id: string;
  kind: string;
  in_app: boolean;
  email: boolean;
  updated_at: Date;
}

export type EmailStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface EmailOutboxTable {
  id: Generated<string>;
  source_event_id: string;
  member_id: string;
  kind: string;
  notification_id: string | null;
  to_address: string;
  subject: string;
  body: string;
  status: Generated<EmailStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  sent_via: string | null;
}

export interface NotifyTables {
  members: MemberTable;
  event_bookings: EventBookingTable;
  ticketed_events: TicketedEventTable;
  notifications: NotificationTable;
  preferences: PreferenceTable;
  email_outbox: EmailOutboxTable;
}

/** Notify's schema, or a transaction on it: what repositories take first. */
export type NotifyDb = Kysely<NotifyTables> | Transaction<NotifyTables>;
