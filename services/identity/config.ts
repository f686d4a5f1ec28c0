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
  LOGIN_MAX_FAILURES_PER_ACCOUNT: Type.Integer({ minimum: 1, default: 5 }),
  LOGIN_MAX_FAILURES_PER_ADDRESS: Type.Integer({ minimum: 1, default: 20 }),
  LOGIN_THROTTLE_WINDOW_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 900 }),
});

export type IdentitySettings = Static<typeof IdentitySettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function identitySettings(overrides: Partial<IdentitySettings> = {}): IdentitySettings {
  return { ...loadConfig(IdentitySettingsSchema, {}), ...overrides };
}
