const digitsOf = new Map<string, number>();

/**
 * A price in minor units (as the API sends it) in the reader's locale: `formatMoney(4499, 'USD', 'en')`
 * is "$44.99", `formatMoney(150000, 'IDR', 'id')` is "Rp 150.000" (the rupiah has no minor unit).
 */
export function formatMoney(amount: number, currency: string, locale: string): string {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount / 10 ** digits);
}

/** A date and time in the reader's locale and the shop's time zone. */
export function formatDateTime(iso: string, locale: string, timeZone = 'Asia/Jakarta'): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function formatDate(iso: string, locale: string, timeZone = 'Asia/Jakarta'): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(iso));
}
