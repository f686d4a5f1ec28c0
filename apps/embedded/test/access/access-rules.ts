import type { RouteAccess } from '@pustaka/kit/http';

/** Everyone the matrix sends each request as. */
export const CALLERS = [
  'anonymous',
  'member',
  'other member',
  'staff',
  'admin',
  'disabled user',
  'expired token',
  'tampered token',
  'token after logout',
] as const;
export type CallerName = (typeof CALLERS)[number];

/** What one caller must get from a route of one access level. */
export type Outcome =
  | { kind: 'allowed' }
  /** Refused by the access rules: this status and code, before the route does anything. */
  | { kind: 'refused'; status: 401 | 403; code: string }
  /** Someone else's resource: the 404 of a missing one, so its existence does not show. */
  | { kind: 'hidden' };

/** The codes the kit answers when it turns a caller away; any other answer passed the access check. */
export const REFUSAL_CODES = new Set(['AUTH_REQUIRED', 'INVALID_TOKEN', 'TOKEN_EXPIRED', 'TOKEN_REVOKED', 'FORBIDDEN']);

/** A token that is not good any more is refused on every route, public ones too, so a client learns it. */
const BAD_TOKENS: Partial<Record<CallerName, string>> = {
  'disabled user': 'TOKEN_REVOKED',
  'expired token': 'TOKEN_EXPIRED',
  'tampered token': 'INVALID_TOKEN',
  'token after logout': 'TOKEN_REVOKED',
};

const RANK: Record<'member' | 'staff' | 'admin', number> = { member: 1, staff: 2, admin: 3 };

/**
 * The intended answer, from the route's declared access alone.
 *
 * @example
 *   outcomeFor('owner', 'other member'); // { kind: 'hidden' }
 */
export function outcomeFor(access: RouteAccess, caller: CallerName): Outcome {
  const badToken = BAD_TOKENS[caller];
  if (badToken) return { kind: 'refused', status: 401, code: badToken };
  if (access === 'public') return { kind: 'allowed' };
  if (caller === 'anonymous') return { kind: 'refused', status: 401, code: 'AUTH_REQUIRED' };
  const role = caller === 'other member' ? 'member' : (caller as 'member' | 'staff' | 'admin');
  if (access === 'owner' && caller === 'other member') return { kind: 'hidden' };
  const needed = access === 'member' || access === 'owner' ? 'member' : access;
  return RANK[role] >= RANK[needed] ? { kind: 'allowed' } : { kind: 'refused', status: 403, code: 'FORBIDDEN' };
}

/** Why an answer is not the intended outcome, or undefined when it is. */
export function mismatch(outcome: Outcome, access: RouteAccess, answer: { status: number; code: string | undefined }): string | undefined {
  const refusedByAccess = (answer.status === 401 || answer.status === 403) && REFUSAL_CODES.has(answer.code ?? '');
  if (outcome.kind === 'refused') {
    return answer.status === outcome.status && answer.code === outcome.code ? undefined : `expected ${outcome.status} ${outcome.code}`;
  }
  if (outcome.kind === 'hidden') return answer.status === 404 ? undefined : 'expected 404 (not theirs)';
  if (refusedByAccess) return 'expected to be let through';
  if (access === 'owner' && answer.status === 404) return 'expected its owner or staff to find it';
  return undefined;
}
