import { Type } from 'typebox';
import type { Static } from 'typebox';
import { loadConfig } from '@pustaka/kit/config';

/** What notify reads from the environment, whichever process it runs in (alone or embedded). */
export const NotifySettingsSchema = Type.Object({
  /**
   * Where emails go, e.g. `smtp://user:pass@mail.example:587` or `smtps://...`; without it emails
   * are only logged (and kept in the email outbox).
   */
  NOTIFY_SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://', maxLength: 2048 })),
  /** The sender of every email. */
  NOTIFY_EMAIL_FROM: Type.String({ minLength: 3, maxLength: 320, default: 'Pustaka <no-reply@pustaka.local>' }),
  /** When the email job sends what is waiting (croner pattern, seconds first). */
  NOTIFY_EMAIL_CRON: Type.String({ default: '*/10 * * * * *' }),
  /** Most emails one run of the job sends. */
  NOTIFY_EMAIL_BATCH: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  /** Sends tried for an email the server turned away for now (4xx) before it is given up. */
  NOTIFY_EMAIL_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 20, default: 5 }),
});

export type NotifySettings = Static<typeof NotifySettingsSchema>;

/** Settings with every default applied, overridden where given (tests, the embedded app). */
export function notifySettings(overrides: Partial<NotifySettings> = {}): NotifySettings {
  return { ...loadConfig(NotifySettingsSchema, {}), ...overrides };
}
