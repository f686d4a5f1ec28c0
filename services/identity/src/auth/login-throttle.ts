import { AppError } from '@pustaka/kit/errors';
import type { IdentityContext } from '../identity.context.ts';

/**
 * Login throttling in fixed windows aligned to the clock (`floor(now / window)`), so the end of the
 * window, and so `Retry-After`, is known without asking the cache for a key's remaining TTL.
 *
 * The account counter counts attempts and is cleared by a success, so a burst of parallel guesses
 * cannot slip past the check before the first failure is counted. The address counter counts only
 * failures: a shared address (an office, a NAT) must not be locked out by its users' successes.
 */
interface Window {
  id: number;
  secondsLeft: number;
}

function currentWindow(context: IdentityContext): Window {
  const seconds = context.settings.LOGIN_THROTTLE_WINDOW_SECONDS;
  const nowSeconds = context.now().getTime() / 1000;
  const id = Math.floor(nowSeconds / seconds);
  return { id, secondsLeft: Math.max(1, Math.ceil((id + 1) * seconds - nowSeconds)) };
}

const accountKey = (window: Window, email: string) => `login:account:${window.id}:${email}`;
const addressKey = (window: Window, address: string) => `login:address:${window.id}:${address}`;

function tooManyAttempts(window: Window): AppError {
  return new AppError('rate_limited', 'TOO_MANY_ATTEMPTS', 'Too many failed sign-in attempts; try again later', {
    retryAfterSeconds: window.secondsLeft,
  });
}

/** Throws 429 when this account or address is over its limit; counts the attempt otherwise. */
export async function admitLoginAttempt(context: IdentityContext, email: string, address: string): Promise<void> {
  const { cache, settings } = context;
  const window = currentWindow(context);
  const addressFailures = (await cache.get<number>(addressKey(window, address))) ?? 0;
  if (addressFailures >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS) throw tooManyAttempts(window);
  const ttl = settings.LOGIN_THROTTLE_WINDOW_SECONDS;
  const attempts = await cache.increment(accountKey(window, email), ttl);
  if (attempts > settings.LOGIN_MAX_FAILURES_PER_ACCOUNT) throw tooManyAttempts(window);
}

export async function recordLoginFailure(context: IdentityContext, address: string): Promise<void> {
  const window = currentWindow(context);
  await context.cache.increment(addressKey(window, address), context.settings.LOGIN_THROTTLE_WINDOW_SECONDS);
}

/** A correct password ends the account's run of failures. */
export async function clearAccountAttempts(context: IdentityContext, email: string): Promise<void> {
  await context.cache.delete(accountKey(currentWindow(context), email));
}
