import { isUniqueViolation } from '@pustaka/kit/db';
import type { IdentityContext } from '../identity.context.ts';
import { generatePassword, hashPassword } from '../passwords/passwords.ts';
import { normaliseEmail } from './email.ts';
import { anyAdminExists, findUserByEmail, insertUser, updateUser } from './users.repository.ts';
import { forgetProfile, newUserRow } from './users.service.ts';
import { recordUserRegistered, recordUserUpdated } from './user-events.ts';
import type { UserRow } from '../identity.tables.ts';

export const DEFAULT_ADMIN_EMAIL = 'admin@pustaka.local';

/**
 * Makes sure the shop has an admin at start: the configured one (ADMIN_EMAIL + ADMIN_PASSWORD),
 * else, when asked to (the embedded default) and none exists, a generated one whose password is
 * printed once. Safe when replicas start together: a lost insert race is recognised, not fatal.
 */
export async function ensureFirstAdmin(context: IdentityContext): Promise<void> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD, CREATE_DEFAULT_ADMIN } = context.settings;
  if (ADMIN_EMAIL !== undefined || ADMIN_PASSWORD !== undefined) {
    if (ADMIN_EMAIL === undefined || ADMIN_PASSWORD === undefined) {
      throw new Error('Set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither');
    }
    await ensureConfiguredAdmin(context, normaliseEmail(ADMIN_EMAIL), ADMIN_PASSWORD);
    return;
  }
  if (await anyAdminExists(context.db)) return;
  if (CREATE_DEFAULT_ADMIN) {
    await createDefaultAdmin(context);
  } else {
    context.logger.warn('No admin account exists: set ADMIN_EMAIL and ADMIN_PASSWORD to create one');
  }
}

async function ensureConfiguredAdmin(context: IdentityContext, email: string, password: string): Promise<void> {
  const { db, logger } = context;
  let existing = await findUserByEmail(db, email);
  if (!existing) {
    const row = newUserRow({ email, name: 'Admin', role: 'admin', passwordHash: await hashPassword(password) }, context.now());
    try {
      await insertAnnouncedAdmin(context, row);
      logger.info({ email }, 'created the admin account from ADMIN_EMAIL');
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      existing = await findUserByEmail(db, email);
      if (!existing) throw error;
    }
  }
  // The password of an existing account is the owner's: only the role and access are restored.
  if (existing.role !== 'admin' || existing.disabled) {
    const id = existing.id;
    await db.transaction().execute(async (trx) => {
      const updated = await updateUser(trx, id, { role: 'admin', disabled: false }, context.now());
      if (updated) await recordUserUpdated(context, trx, updated);
    });
    context.events.notify();
    await forgetProfile(context, existing.id);
    logger.warn({ email }, 'made the ADMIN_EMAIL account an enabled admin');
  }
}

async function createDefaultAdmin(context: IdentityContext): Promise<void> {
  const password = generatePassword();
  const row = newUserRow({ email: DEFAULT_ADMIN_EMAIL, name: 'Admin', role: 'admin', passwordHash: await hashPassword(password) }, context.now());
  try {
    await insertAnnouncedAdmin(context, row);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Another replica created it (and printed it), or a non-admin holds the address.
    if (!(await anyAdminExists(context.db))) {
      context.logger.error(`${DEFAULT_ADMIN_EMAIL} exists but is not an admin; set ADMIN_EMAIL and ADMIN_PASSWORD`);
    }
    return;
  }
  // In the message, not a field: the logger redacts `password` fields, and the person starting
  // the shop for the first time must see it. It is printed only now, when the account is created.
  context.logger.warn(
    `Created the first admin account. Sign in as ${DEFAULT_ADMIN_EMAIL} with password ${password} ` +
      '(shown only this once; set ADMIN_EMAIL and ADMIN_PASSWORD to choose your own)',
  );
}

/**
 * Inserts an admin and announces them as any account is announced (registered, then their role),
 * so the services that act on roles (notify tells staff and admins of low stock) know them.
 */
async function insertAnnouncedAdmin(context: IdentityContext, row: UserRow): Promise<void> {
  await context.db.transaction().execute(async (trx) => {
    await insertUser(trx, row);
    await recordUserRegistered(context, trx, row);
    await recordUserUpdated(context, trx, row);
  });
  context.events.notify();
}
