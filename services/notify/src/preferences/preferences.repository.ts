import type { NotifyDb } from '../notify.tables.ts';

export interface PreferenceEntry {
  kind: string;
  inApp: boolean;
  email: boolean;
}

/** The choices one member made (kinds left at their default have no row). */
export async function findPreferences(db: NotifyDb, memberId: string): Promise<PreferenceEntry[]> {
  const rows = await db.selectFrom('preferences').select(['kind', 'in_app', 'email']).where('member_id', '=', memberId).execute();
  return rows.map((row) => ({ kind: row.kind, inApp: row.in_app, email: row.email }));
}

/** The choices of several members for one kind, by member id. */
export async function findPreferencesForKind(db: NotifyDb, memberIds: readonly string[], kind: string): Promise<Map<string, PreferenceEntry>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('preferences')
    .select(['member_id', 'kind', 'in_app', 'email'])
    .where('kind', '=', kind)
    .where('member_id', 'in', [...memberIds])
    .execute();
  return new Map(rows.map((row) => [row.member_id, { kind: row.kind, inApp: row.in_app, email: row.email }]));
}

/** Sets the member's choice for each kind given; the others stay as they were. */
export async function upsertPreferences(db: NotifyDb, memberId: string, entries: readonly PreferenceEntry[], now: Date): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('preferences')
    .values(entries.map((entry) => ({ member_id: memberId, kind: entry.kind, in_app: entry.inApp, email: entry.email, updated_at: now })))
    .onConflict((conflict) =>
      conflict
        .columns(['member_id', 'kind'])
        .doUpdateSet((eb) => ({ in_app: eb.ref('excluded.in_app'), email: eb.ref('excluded.email'), updated_at: eb.ref('excluded.updated_at') })),
    )
    .execute();
}
