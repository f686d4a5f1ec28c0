/** ISO 4217 minor units where they are not two (amounts on the bus are in minor units). */
const MINOR_UNITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

/** `IDR 150,000`, `$12.50`: an amount in minor units of its currency, as an English reader reads it. */
export function formatMoney(amount: number, currency: string): string {
  const digits = MINOR_UNITS[currency] ?? 2;
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount / 10 ** digits);
}

/** `Saturday 12 December 2026, 19:00` in the event's time zone (UTC, and said, when the zone is unknown). */
export function formatWhen(instant: string | Date, timeZone: string): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  try {
    return wallClock(at, timeZone);
  } catch {
    return `${wallClock(at, 'UTC')} UTC`;
  }
}

function wallClock(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}`;
}

/** `1 seat`, `3 books`. */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `seats A-1, A-2` or `2 places` (general admission names no seats). */
export function placesOf(seatIds: readonly string[], quantity: number): string {
  return seatIds.length > 0 ? `${seatIds.length === 1 ? 'seat' : 'seats'} ${seatIds.join(', ')}` : countOf(quantity, 'place', 'places');
}

/** Text cut to a column's bound, with an ellipsis when it was longer. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
