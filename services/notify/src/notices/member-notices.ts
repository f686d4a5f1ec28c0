import type {
  BookingCancelledPayload,
  BookingChangedPayload,
  BookingConfirmedPayload,
  BookingReminderPayload,
  OrderCancelledPayload,
  OrderFulfilledPayload,
  OrderPlacedPayload,
} from '@pustaka/contracts';
import type { Notice } from './notice.ts';
import { clip, countOf, formatMoney, formatWhen, placesOf } from './notice-format.ts';

/** What a member is told about their own orders and bookings. */

export function orderPlacedNotice(order: OrderPlacedPayload): Notice {
  const books = order.items.reduce((sum, item) => sum + item.quantity, 0);
  const first = order.items[0]!.title;
  const what = order.items.length === 1 ? `${countOf(books, 'copy', 'copies')} of ${first}` : `${countOf(books, 'book', 'books')}, ${first} and more`;
  return {
    memberId: order.userId,
    kind: 'order.placed',
    title: 'Order placed',
    body: clip(`We have your order: ${what}, ${formatMoney(order.total, order.currency)} in all. We will tell you when it is on its way.`, 2000),
    link: `/account/orders/${order.orderId}`,
    data: { orderId: order.orderId },
  };
}

export function orderCancelledNotice(order: OrderCancelledPayload): Notice {
  const reason = order.reason.trim();
  return {
    memberId: order.userId,
    kind: 'order.cancelled',
    title: 'Order cancelled',
    body: clip(`Your order was cancelled${reason ? `: ${reason}` : '.'}${reason && !/[.!?]$/.test(reason) ? '.' : ''}`, 2000),
    link: `/account/orders/${order.orderId}`,
    data: { orderId: order.orderId },
  };
}

export function orderFulfilledNotice(order: OrderFulfilledPayload): Notice {
  return {
    memberId: order.userId,
    kind: 'order.fulfilled',
    title: 'Order on its way',
    body: 'Your order is packed and on its way to you.',
    link: `/account/orders/${order.orderId}`,
    data: { orderId: order.orderId },
  };
}

const bookingData = (booking: { bookingId: string; eventId: string; code: string }) => ({
  bookingId: booking.bookingId,
  eventId: booking.eventId,
  code: booking.code,
});

export function bookingConfirmedNotice(booking: BookingConfirmedPayload): Notice {
  return {
    memberId: booking.userId,
    kind: 'booking.confirmed',
    title: 'Booking confirmed',
    body: `Your booking ${booking.code} is confirmed: ${placesOf(booking.seatIds, booking.quantity)}, ${formatMoney(booking.total, booking.currency)}.`,
    link: `/account/bookings?booking=${booking.bookingId}`,
    data: bookingData(booking),
  };
}

export function bookingChangedNotice(booking: BookingChangedPayload): Notice {
  const was = booking.previousSeatIds.length > 0 ? ` (before: ${booking.previousSeatIds.join(', ')})` : '';
  return {
    memberId: booking.userId,
    kind: 'booking.changed',
    title: 'Seats changed',
    body: `Your booking ${booking.code} now has ${placesOf(booking.seatIds, booking.quantity)}${was}.`,
    link: `/account/bookings?booking=${booking.bookingId}`,
    data: bookingData(booking),
  };
}

/** Undefined for a booking cancelled with its event: the event's cancellation tells the member. */
export function bookingCancelledNotice(booking: BookingCancelledPayload): Notice | undefined {
  if (booking.reason === 'event-cancelled') return undefined;
  const who = booking.reason === 'staff' ? 'The shop cancelled your booking' : 'You cancelled your booking';
  return {
    memberId: booking.userId,
    kind: 'booking.cancelled',
    title: 'Booking cancelled',
    body: `${who} ${booking.code} (${placesOf(booking.seatIds, booking.quantity)}).`,
    link: `/account/bookings?booking=${booking.bookingId}`,
    data: bookingData(booking),
  };
}

export function bookingReminderNotice(booking: BookingReminderPayload): Notice {
  return {
    memberId: booking.userId,
    kind: 'booking.reminder',
    title: clip(`Coming up: ${booking.title}`, 200),
    body: clip(
      `${booking.title} starts ${formatWhen(booking.startsAt, booking.timezone)}, at ${booking.venue}. Your booking ${booking.code}: ${placesOf(booking.seatIds, booking.quantity)}.`,
      2000,
    ),
    link: `/events/${booking.eventId}`,
    data: bookingData(booking),
  };
}
