import { sql } from '@pustaka/kit/db';
import type { NotifyDb } from '../notify.tables.ts';

/** A member registered: their address (their role stays what a user.updated said, or member). */
export async function upsertMemberEmail(db: NotifyDb, memberId: string, email: string): Promise<void> {
  await db
    .insertInto('members')
    .values({ member_id: memberId, email })
    .onConflict((conflict) => conflict.column('member_id').doUpdateSet({ email }))
    .execute();
}

/** A member's role and access as of the event `version` (a UUIDv7); an older event than the one applied changes nothing. */
export async function upsertMemberState(
  db: NotifyDb,
  state: { memberId: string; role: 'member' | 'staff' | 'admin'; disabled: boolean; version: string },
): Promise<void> {
  await db
    .insertInto('members')
    .values({ member_id: state.memberId, role: state.role, disabled: state.disabled, state_version: state.version })
    .onConflict((conflict) =>
      conflict
        .column('member_id')
        .doUpdateSet({ role: state.role, disabled: state.disabled, state_version: state.version })
        .where(sql<boolean>`members.state_version is null or members.state_version < ${state.version}::uuid`),
    )
    .execute();
}

/** Every enabled staff member and admin, in id order. */
export async function findStaffIds(db: NotifyDb): Promise<string[]> {
  const rows = await db
    .selectFrom('members')
    .select('member_id')
    .where('role', 'in', ['staff', 'admin'])
    .where('disabled', '=', false)
    .orderBy('member_id')
    .execute();
  return rows.map((row) => row.member_id);
}

/** The email addresses notify knows, by member id (a member it heard no user.registered of has none). */
export async function findEmails(db: NotifyDb, memberIds: readonly string[]): Promise<Map<string, string>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('members')
    .select(['member_id', 'email'])
    .where('member_id', 'in', [...memberIds])
    .where('email', 'is not', null)
    .execute();
  return new Map(rows.map((row) => [row.member_id, row.email!]));
}
