import type { HttpClient } from '@pustaka/kit/testing';
import type { CallerName } from './access-rules.ts';

const PASSWORD = 'a long enough secret';

async function signUp(api: HttpClient, name: string) {
  const answer = await api.post('/api/auth/register', { body: { email: `${name}@matrix.test`, password: PASSWORD, name } });
  if (answer.status !== 201) throw new Error(`sign-up of ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as { accessToken: string; refreshToken: string; user: { id: string; email: string } };
}

/** The same token with one character of its signature changed. */
function tampered(token: string): string {
  const last = token.at(-2) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -2)}${last}${token.at(-1)}`;
}

/**
 * A token for each caller of the matrix. The expired one is signed while the platform's clock
 * stands a day back (`travel`), the disabled user's before an admin disables them, the logged-out
 * one before its session is signed out.
 */
export async function matrixCallers(
  api: HttpClient,
  known: { member: string; staff: string; admin: string },
  travel: (offsetMs: number) => void,
): Promise<Record<CallerName, string | undefined>> {
  const other = await signUp(api, 'other-member');
  const disabled = await signUp(api, 'disabled-user');
  const patched = await api.patch(`/api/users/${disabled.user.id}`, { token: known.admin, body: { disabled: true } });
  if (patched.status !== 200) throw new Error(`disabling a user: ${patched.status}`);
  const leaving = await signUp(api, 'leaving-member');
  const loggedOut = await api.post('/api/auth/logout', { token: leaving.accessToken, body: { refreshToken: leaving.refreshToken } });
  if (loggedOut.status !== 204) throw new Error(`logging out: ${loggedOut.status}`);
  travel(-24 * 3_600_000);
  const stale = await signUp(api, 'stale-member');
  travel(0);
  return {
    anonymous: undefined,
    member: known.member,
    'other member': other.accessToken,
    staff: known.staff,
    admin: known.admin,
    'disabled user': disabled.accessToken,
    'expired token': stale.accessToken,
    'tampered token': tampered(other.accessToken),
    'token after logout': leaving.accessToken,
  };
}
