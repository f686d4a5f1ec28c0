import { Type } from 'typebox';
import type { Static } from 'typebox';
import { AuthEnv, loadConfig } from '@pustaka/kit/config';
import { EMAIL_MAX_LENGTH, EMAIL_PATTERN } from './src/users/email.ts';

/** What identity reads from the environment, whichever process it runs in (alone or embedded). */
export const IdentitySettingsSchema = Type.Object({
  ...AuthEnv,
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 900 }),
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
  /** With ADMIN_PASSWORD: this account exists and is an admin after every start. */
  ADMIN_EMAIL: Type.Optional(Type.String({ pattern: EMAIL_PATTERN, maxLength: EMAIL_MAX_LENGTH })),
  /** Used when the ADMIN_EMAIL account is created; an existing account keeps its password. */
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 10, maxLength: 256 })),
  /** When no admin exists and none is configured, create one and print its password once. */
  CREATE_DEFAULT_ADMIN: Type.Boolean({ default: false }),
  /** Failed sign-ins of one account from one address before each further attempt of that pair waits. */
  LOGIN_PAIR_FREE_FAILURES: Type.Integer({ minimum: 1, default: 5 }),
  /** The first wait of a pair past its free failures; every further failure doubles it. */
  LOGIN_PAIR_FIRST_DELAY_SECONDS: Type.Integer({ minimum: 1, maximum: 3_600, default: 2 }),
  LOGIN_PAIR_MAX_DELAY_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 900 }),
  /** Failed sign-ins from one address, whatever the accounts, per window; then the address waits for the next window. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: Type.Integer({ minimum: 1, default: 20 }),
  /** Failed sign-ins of one account from all addresses per window before the account is slowed (never locked). */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: Type.Integer({ minimum: 1, default: 100 }),
  /** A slowed account lets one sign-in attempt through per this many seconds, from all addresses together. */
  LOGIN_ACCOUNT_SLOWDOWN_SECONDS: Type.Integer({ minimum: 1, maximum: 3_600, default: 5 }),
  LOGIN_THROTTLE_WINDOW_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 900 }),
  /** Sign-ups from one address per clock hour; counted before the password is hashed. */
  REGISTRATIONS_PER_ADDRESS_PER_HOUR: Type.Integer({ minimum: 1, default: 20 }),
  /** How long a refresh token just spent still gets the same answer (two tabs, a retry); 0 turns it off. */
  REFRESH_GRACE_SECONDS: Type.Integer({ minimum: 0, maximum: 60, default: 5 }),
});

export type IdentitySettings = Static<typeof IdentitySettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function identitySettings(overrides: Partial<IdentitySettings> = {}): IdentitySettings {
  return { ...loadConfig(IdentitySettingsSchema, {}), ...overrides };
}
