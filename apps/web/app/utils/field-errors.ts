/**
 * What the API said about each field of a refused form (a VALIDATION_FAILED problem's `errors`),
 * by the field's path under the body: `{ title: 'must NOT have fewer than 1 characters' }`;
 * nested paths keep their slashes (`seating/sections/0/rows`).
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const errors = (error as { data?: { errors?: unknown } })?.data?.errors;
  if (!Array.isArray(errors)) return {};
  const byField: Record<string, string> = {};
  for (const entry of errors as { field?: unknown; message?: unknown }[]) {
    if (typeof entry?.field !== 'string' || typeof entry.message !== 'string') continue;
    const field = entry.field.replace(/^\//, '');
    byField[field] ??= entry.message;
  }
  return byField;
}

/** The digits after the point of a currency's amounts: 2 for USD, 0 for IDR. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount as a person types it ("44.99") in the minor units the API takes (4499), or null when it is not one. */
export function toMinorUnits(typed: string | number, currency: string): number | null {
  const text = String(typed).trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return Math.round(Number(text) * 10 ** currencyDigits(currency));
}

/** Minor units as a person would type them: 4499 USD is "44.99", 150000 IDR is "150000". */
export function fromMinorUnits(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
}
