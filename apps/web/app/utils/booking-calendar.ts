import type { Booking } from '../types/ticketing.ts';

type Api = <T>(path: string, options?: Record<string, unknown>) => Promise<T>;

/**
 * Saves a booking's .ics file. The file needs the member's bearer token, so a plain link would
 * not do: it is fetched, then handed to the browser as a download.
 */
export async function downloadBookingCalendar(api: Api, booking: Pick<Booking, 'id' | 'code'>): Promise<void> {
  const blob = await api<Blob>(`/api/bookings/${booking.id}/calendar.ics`, { responseType: 'blob' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `booking-${booking.code.replace(/[^\w-]/g, '_')}.ics`;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by then; the object URL would otherwise live as long as the tab.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
