import type { TicketingDb } from '../ticketing.tables.ts';

/** Makes `tokenHash` the caller's only feed token: replacing the row revokes the previous token. */
export async function saveCalendarToken(db: TicketingDb, row: { userId: string; tokenHash: string; createdAt: Date }): Promise<void> {
  await db
    .insertInto('calendar_tokens')
    .values({ user_id: row.userId, token_hash: row.tokenHash, created_at: row.createdAt })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ token_hash: row.tokenHash, created_at: row.createdAt }))
    .execute();
}

/** The member a feed token belongs to, or undefined for a token never issued or since revoked. */
export async function findCalendarTokenOwner(db: TicketingDb, tokenHash: string): Promise<string | undefined> {
  const row = await db.selectFrom('calendar_tokens').select('user_id').where('token_hash', '=', tokenHash).executeTakeFirst();
  return row?.user_id;
}

/** Revokes the member's feed token; false when they had none. */
export async function deleteCalendarToken(db: TicketingDb, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('calendar_tokens').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
