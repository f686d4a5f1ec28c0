import { AppError } from '@pustaka/kit/errors';
import type { IdentityContext } from '../identity.context.ts';
import { clientNetwork } from './client-network.ts';
import { fixedWindow } from './fixed-window.ts';

const HOUR_SECONDS = 3_600;

/**
 * Sign-ups per client address (`request.ip`, as the kit trusts it; an IPv6 one by its /64) per
 * clock hour. Counted before the password is hashed: argon2 is what a flood of sign-ups would make
 * us spend, so a refused one costs one cache increment. Every attempt counts, a taken email
 * included, so probing which emails have accounts is limited too.
 */
export async function admitRegistration(context: IdentityContext, address: string): Promise<void> {
  const window = fixedWindow(context.now(), HOUR_SECONDS);
  const attempts = await context.securityState.increment(`register:address:${window.id}:${clientNetwork(address)}`, HOUR_SECONDS);
  if (attempts > context.settings.REGISTRATIONS_PER_ADDRESS_PER_HOUR) {
    throw new AppError('rate_limited', 'TOO_MANY_REGISTRATIONS', 'Too many sign-ups from this address; try again later', {
      retryAfterSeconds: window.secondsLeft,
    });
  }
}
