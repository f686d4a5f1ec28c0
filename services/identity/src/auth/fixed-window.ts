/**
 * A counting window aligned to the clock (`floor(now / seconds)`): every request in it names the
 * same key, and its end, and so `Retry-After`, is known without asking the cache for a key's TTL.
 */
export interface FixedWindow {
  id: number;
  secondsLeft: number;
}

export function fixedWindow(now: Date, seconds: number): FixedWindow {
  const nowSeconds = now.getTime() / 1000;
  const id = Math.floor(nowSeconds / seconds);
  return { id, secondsLeft: Math.max(1, Math.ceil((id + 1) * seconds - nowSeconds)) };
}
