import { AppError } from '@pustaka/kit/errors';
import type { IdentitySettings } from '../../config.ts';
import type { IdentityContext } from '../identity.context.ts';
import { clientNetwork } from './client-network.ts';
import { fixedWindow } from './fixed-window.ts';
import type { FixedWindow } from './fixed-window.ts';

/**
 * Sign-in throttling that a stranger cannot turn against an account's owner. Failures count
 * three ways, in windows of LOGIN_THROTTLE_WINDOW_SECONDS:
 *
 * - per account and address (the pair): past LOGIN_PAIR_FREE_FAILURES, each further attempt of
 *   the pair waits, the wait doubling with every failure. Someone guessing from elsewhere slows
 *   only himself: the owner signing in from their own address is another pair;
 * - per address, whatever the accounts: past LOGIN_MAX_FAILURES_PER_ADDRESS the address waits for
 *   the next window (one address trying many accounts);
 * - per account, from all addresses: past the generous LOGIN_MAX_FAILURES_PER_ACCOUNT the account
 *   lets one attempt through every LOGIN_ACCOUNT_SLOWDOWN_SECONDS, which slows a distributed
 *   attack without locking the account.
 *
 * The address is the client address as the kit gives it (`request.ip`, which believes
 * `X-Forwarded-For` only from TRUST_PROXY), never a header a client can set, counted by its
 * network (an IPv6 address by its /64, see `clientNetwork`). Keys hold the normalised email as
 * typed, whether or not an account has it, so throttling tells nobody which accounts exist.
 * Counters live in the cache's security state, which cached data never evicts.
 */
interface Attempt {
  email: string;
  /** The client's network: its IPv4 address, or its IPv6 /64. */
  address: string;
  /** The account and the address together; an address holds no `|`, so the pair is unambiguous. */
  pair: string;
  now: Date;
  nowSeconds: number;
  window: FixedWindow;
}

const keys = {
  addressFailures: (a: Attempt) => `login:address:${a.window.id}:${a.address}`,
  accountFailures: (a: Attempt) => `login:account:${a.window.id}:${a.email}`,
  accountSlot: (a: Attempt, slot: FixedWindow) => `login:account-slot:${slot.id}:${a.email}`,
  pairFailures: (a: Attempt) => `login:pair:${a.window.id}:${a.pair}`,
  pairClaims: (a: Attempt, stage: string) => `login:pair-claims:${a.window.id}:${stage}:${a.pair}`,
  /** Not tied to a window: a long wait earned at a window's end still holds in the next one. */
  pairWaitUntil: (a: Attempt) => `login:pair-wait:${a.pair}`,
};

function attemptOf(context: IdentityContext, email: string, clientAddress: string): Attempt {
  const now = context.now();
  const window = fixedWindow(now, context.settings.LOGIN_THROTTLE_WINDOW_SECONDS);
  const address = clientNetwork(clientAddress);
  return { email, address, pair: `${address}|${email}`, now, nowSeconds: now.getTime() / 1000, window };
}

/** The wait a pair owes after `failures` failures: none while free, then doubling up to the cap. */
function pairWaitSeconds(settings: IdentitySettings, failures: number): number {
  const beyond = failures - settings.LOGIN_PAIR_FREE_FAILURES;
  if (beyond < 0) return 0;
  return Math.min(settings.LOGIN_PAIR_MAX_DELAY_SECONDS, settings.LOGIN_PAIR_FIRST_DELAY_SECONDS * 2 ** beyond);
}

function tooManyAttempts(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', 'TOO_MANY_ATTEMPTS', 'Too many failed sign-in attempts; try again later', {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
  });
}

/** Throws 429 with Retry-After when this attempt must wait; otherwise claims it, before any hashing. */
export async function admitLoginAttempt(context: IdentityContext, email: string, address: string): Promise<void> {
  const { securityState: state, settings } = context;
  const attempt = attemptOf(context, email, address);
  const [addressFailures = 0, accountFailures = 0, pairFailures = 0, waitUntil = 0] = await Promise.all([
    state.get<number>(keys.addressFailures(attempt)),
    state.get<number>(keys.accountFailures(attempt)),
    state.get<number>(keys.pairFailures(attempt)),
    state.get<number>(keys.pairWaitUntil(attempt)),
  ]);
  if (addressFailures >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS) throw tooManyAttempts(attempt.window.secondsLeft);
  if (waitUntil > attempt.nowSeconds) throw tooManyAttempts(waitUntil - attempt.nowSeconds);
  if (accountFailures >= settings.LOGIN_MAX_FAILURES_PER_ACCOUNT) await claimAccountSlot(context, attempt);
  await claimPairAttempt(context, attempt, pairFailures);
}

/** A slowed account: the first attempt of each slot, from whichever address, goes through. */
async function claimAccountSlot(context: IdentityContext, attempt: Attempt): Promise<void> {
  const seconds = context.settings.LOGIN_ACCOUNT_SLOWDOWN_SECONDS;
  const slot = fixedWindow(attempt.now, seconds);
  if ((await context.securityState.increment(keys.accountSlot(attempt, slot), seconds)) > 1) throw tooManyAttempts(slot.secondsLeft);
}

/**
 * Attempts are claimed with an atomic count, so a burst of parallel guesses cannot all pass the
 * checks above before the first failure is recorded: the free attempts share one count, and each
 * later stage (each failure count past them) lets exactly one attempt through once its wait is over.
 */
async function claimPairAttempt(context: IdentityContext, attempt: Attempt, failures: number): Promise<void> {
  const { securityState: state, settings } = context;
  const free = settings.LOGIN_PAIR_FREE_FAILURES;
  if (failures < free) {
    const claims = await state.increment(keys.pairClaims(attempt, 'free'), settings.LOGIN_THROTTLE_WINDOW_SECONDS);
    if (claims > free) throw tooManyAttempts(pairWaitSeconds(settings, free));
    return;
  }
  // The claim outlives the attempt by its stage's wait, so an attempt that never recorded its
  // outcome (a crash mid-request) costs the pair that wait again rather than blocking it longer.
  const claims = await state.increment(keys.pairClaims(attempt, String(failures)), pairWaitSeconds(settings, failures));
  if (claims > 1) throw tooManyAttempts(pairWaitSeconds(settings, failures + 1));
}

/** Counts a failure against the address, the account and the pair, and sets the pair's next wait. */
export async function recordLoginFailure(context: IdentityContext, email: string, address: string): Promise<void> {
  const { securityState: state, settings } = context;
  const attempt = attemptOf(context, email, address);
  const ttl = settings.LOGIN_THROTTLE_WINDOW_SECONDS;
  const [, , pairFailures] = await Promise.all([
    state.increment(keys.addressFailures(attempt), ttl),
    state.increment(keys.accountFailures(attempt), ttl),
    state.increment(keys.pairFailures(attempt), ttl),
  ]);
  const wait = pairWaitSeconds(settings, pairFailures);
  if (wait > 0) await state.set(keys.pairWaitUntil(attempt), attempt.nowSeconds + wait, wait);
}

/**
 * A correct password ends the pair's run of failures. The address and account counts stay: a
 * success must not buy an attacker working from the same address a fresh allowance.
 */
export async function recordLoginSuccess(context: IdentityContext, email: string, address: string): Promise<void> {
  const attempt = attemptOf(context, email, address);
  await context.securityState.delete(keys.pairFailures(attempt), keys.pairClaims(attempt, 'free'), keys.pairWaitUntil(attempt));
}
