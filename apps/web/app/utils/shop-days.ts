/**
 * A shop day (`YYYY-MM-DD`, as the dashboard names them) moved by whole days, in plain calendar
 * arithmetic: `addShopDays('2026-03-01', -1)` is `'2026-02-28'`.
 */
export function addShopDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A shop day in the reader's locale, without a time zone shift (it is a calendar date, not an instant). */
export function formatShopDay(day: string, locale: string, style: 'medium' | 'short' = 'medium'): string {
  const options: Intl.DateTimeFormatOptions = style === 'short' ? { day: 'numeric', month: 'short' } : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
