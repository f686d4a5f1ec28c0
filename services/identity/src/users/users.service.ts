import { revokeTokensOfUser } from '@pustaka/kit/auth';
import type { Caller, Role } from '@pustaka/kit/auth';
import { newId } from '@pustaka/kit/db';
import { AppError, notFound } from '@pustaka/kit/errors';
import { pageOf } from '@pustaka/kit/http';
import type { IdentityContext } from '../identity.context.ts';
import type { UserRow } from '../identity.tables.ts';
import { revokeRefreshFamiliesOfUser } from '../tokens/refresh-tokens.repository.ts';
import { findUserById, findUserByIdForUpdate, listUsers, lockEnabledAdmins, updateUser } from './users.repository.ts';
import { recordUserUpdated } from './user-events.ts';
import type { AdminUserPatch, OwnProfilePatch, User, UserListQuery, UserPage } from './users.schema.ts';

const PROFILE_TTL_SECONDS = 300;
const profileKey = (userId: string) => `user:${userId}`;

export function toUser(row: Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'disabled' | 'created_at'>): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabled: row.disabled, createdAt: row.created_at.toISOString() };
}

/** A complete row for a new account; `email` must already be normalised. */
export function newUserRow(user: { email: string; name: string; role: Role; passwordHash: string }, now: Date): UserRow {
  return {
    id: newId(),
    email: user.email,
    name: user.name.trim(),
    password_hash: user.passwordHash,
    role: user.role,
    disabled: false,
    created_at: now,
    updated_at: now,
  };
}

/** Drops the cached profile; called after every committed change of the user. */
export async function forgetProfile(context: IdentityContext, userId: string): Promise<void> {
  await context.cache.delete(profileKey(userId));
}

export async function getProfile(context: IdentityContext, userId: string): Promise<User> {
  const user = await context.cache.getOrLoad(profileKey(userId), PROFILE_TTL_SECONDS, async () => {
    const row = await findUserById(context.db, userId);
    return row && toUser(row);
  });
  if (!user) throw notFound('The user', 'USER_NOT_FOUND');
  return user;
}

export async function updateOwnProfile(context: IdentityContext, userId: string, patch: OwnProfilePatch): Promise<User> {
  const row = await context.db.transaction().execute(async (trx) => {
    const updated = await updateUser(trx, userId, patch.name === undefined ? {} : { name: patch.name.trim() }, context.now());
    if (updated) await recordUserUpdated(context, trx, updated);
    return updated;
  });
  if (!row) throw notFound('The user', 'USER_NOT_FOUND');
  context.events.notify();
  await forgetProfile(context, userId);
  return toUser(row);
}

export async function listUsersForAdmin(context: IdentityContext, query: UserListQuery): Promise<UserPage> {
  const { page, pageSize } = pageOf(query);
  const { rows, total } = await listUsers(
    context.db,
    { role: query.role, emailContains: query.email?.trim().toLowerCase() },
    { offset: (page - 1) * pageSize, limit: pageSize },
  );
  return { items: rows.map(toUser), total, page, pageSize };
}

/**
 * An admin changes a user's role or disables them. Either takes effect at once: live access tokens
 * are revoked (the user refreshes and gets the new role), and disabling also ends every session.
 * An admin cannot disable or demote themself, so a shop always keeps an admin who can act.
 */
export async function changeUserAsAdmin(context: IdentityContext, actor: Caller, userId: string, patch: AdminUserPatch): Promise<User> {
  if (userId === actor.id && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin'))) {
    throw new AppError('conflict', 'SELF_LOCKOUT', 'You cannot disable or demote your own account; ask another admin');
  }
  const now = context.now();
  const { before, after } = await context.db.transaction().execute(async (trx) => {
    // The token may predate the actor's own demotion by another admin: ask the database.
    if (!(await lockEnabledAdmins(trx)).includes(actor.id)) {
      throw new AppError('forbidden', 'FORBIDDEN', 'Your role may not do this');
    }
    const before = await findUserByIdForUpdate(trx, userId);
    if (!before) throw notFound('The user', 'USER_NOT_FOUND');
    const after = (await updateUser(trx, userId, patch, now)) ?? before;
    if (after.disabled) await revokeRefreshFamiliesOfUser(trx, userId, now);
    await recordUserUpdated(context, trx, after);
    return { before, after };
  });
  // At once, not at the relay's next poll: ticketing stops a disabled member's feed on this event.
  context.events.notify();
  await forgetProfile(context, userId);
  if (after.disabled || after.role !== before.role) {
    await revokeTokensOfUser(context.authCache, userId, context.settings.ACCESS_TOKEN_TTL_SECONDS, now.getTime());
  }
  return toUser(after);
}
