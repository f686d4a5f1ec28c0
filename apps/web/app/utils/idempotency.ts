/** A fresh key for one user action: a retry of the same action sends the same key, so it takes effect once. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
