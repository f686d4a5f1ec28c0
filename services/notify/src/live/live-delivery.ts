/**
 * The seam between notify's inbox (what a member was told, kept in the database) and its live
 * connections (the sockets open on this replica and the fan-out to the other replicas). The inbox
 * calls `LiveDelivery` after its transaction commits; the live side reads missed notifications
 * back through `InboxReader` when a client reconnects with the last id it saw.
 */

/** The kinds of notification a member can hear; preferences switch them per channel. */
export type NotificationKind =
  | 'order.placed'
  | 'order.cancelled'
  | 'order.fulfilled'
  | 'booking.confirmed'
  | 'booking.changed'
  | 'booking.cancelled'
  | 'booking.reminder'
  | 'event.changed'
  | 'event.cancelled'
  | 'stock.low'
  | 'dead_letter';

/** A notification as the inbox route and the socket show it. */
export interface NotificationView {
  /** Increasing in the order notifications were written (a bigint sequence, as a decimal string): a client resumes after the last one it saw. */
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** A path inside the shop (`/account/orders/…`: a page of the web app), never an absolute URL. */
  link: string | null;
  /** The ids the client needs to act on it (orderId, bookingId, eventId, bookId). */
  data: Record<string, string | number>;
  createdAt: string;
  readAt: string | null;
}

/** Topics a client may subscribe to: the seat map of one event, the stock of one book. */
export type LiveTopic = `seats:${string}` | `stock:${string}`;

export interface LiveDelivery {
  /** A committed notification, to every open socket of its member on every replica. */
  toMember(memberId: string, notification: NotificationView): Promise<void>;
  /** A message (a `seats.changed` or `stock.changed` payload) to every subscriber of the topic on every replica. */
  toTopic(topic: LiveTopic, message: unknown): Promise<void>;
}

export interface InboxReader {
  /** The member's notifications written after `afterId`, oldest first, at most `limit`. */
  missedSince(memberId: string, afterId: string, limit: number): Promise<NotificationView[]>;
}
