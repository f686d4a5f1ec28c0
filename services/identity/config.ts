import { Type } from 'typebox';
import type { Static } from 'typebox';
import { AuthEnv, HttpEnv, loadConfig, StorageEnv } from '@pustaka/kit/config';
import { EMAIL_MAX_LENGTH, EMAIL_PATTERN } from './src/users/email.ts';

/**
 * What the identity service itself reads, whichever process hosts it. Spread into a larger
 * `Type.Object` (the standalone config below, or the embedded app's).
 */
export const IdentitySettingsEnv = {
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
};

export const IdentitySettingsSchema = Type.Object(IdentitySettingsEnv);
export type IdentitySettings = Static<typeof IdentitySettingsSchema>;

/** The standalone service (`node services/identity/main.ts`). */
export const IdentityConfigSchema = Type.Object({
  ...HttpEnv,
  ...StorageEnv,
  ...IdentitySettingsEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3001 }),
});
export type IdentityConfig = Static<typeof IdentityConfigSchema>;

export function loadIdentityConfig(env: NodeJS.ProcessEnv = process.env): Readonly<IdentityConfig> {
  return loadConfig(IdentityConfigSchema, env);
}

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function identitySettings(overrides: Partial<IdentitySettings> = {}): IdentitySettings {
  return { ...loadConfig(IdentitySettingsSchema, {}), ...overrides };
}
