import type { NotificationKind } from '../live/live-delivery.ts';

/**
 * Who hears each kind: members about their own orders, bookings and events; staff and admins
 * also the shop's alarms. A Record, so a kind added to NotificationKind and not here fails to typecheck.
 */
const HEARD_BY: Record<NotificationKind, 'member' | 'staff'> = {
  'order.placed': 'member',
  'order.cancelled': 'member',
  'order.fulfilled': 'member',
  'booking.confirmed': 'member',
  'booking.changed': 'member',
  'booking.cancelled': 'member',
  'booking.reminder': 'member',
  'event.changed': 'member',
  'event.cancelled': 'member',
  'stock.low': 'staff',
  dead_letter: 'staff',
};

export const NOTIFICATION_KINDS = Object.keys(HEARD_BY) as NotificationKind[];
export const MEMBER_KINDS = NOTIFICATION_KINDS.filter((kind) => HEARD_BY[kind] === 'member');

/** Email by default only for what a member would want in their mailbox: confirmations, cancellations, reminders. */
const EMAILED_BY_DEFAULT: ReadonlySet<NotificationKind> = new Set([
  'order.placed',
  'order.cancelled',
  'booking.confirmed',
  'booking.cancelled',
  'booking.reminder',
  'event.cancelled',
]);

export interface Channels {
  inApp: boolean;
  email: boolean;
}

/** Where a kind goes when its member chose nothing: everything in the app, some also by email. */
export function defaultChannels(kind: NotificationKind): Channels {
  return { inApp: true, email: EMAILED_BY_DEFAULT.has(kind) };
}

/** The kinds a caller of the role hears, and so may set. */
export function kindsFor(role: 'member' | 'staff' | 'admin'): readonly NotificationKind[] {
  return role === 'member' ? MEMBER_KINDS : NOTIFICATION_KINDS;
}
