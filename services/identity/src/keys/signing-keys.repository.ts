import type { Insertable, Selectable } from '@pustaka/kit/db';
import type { Executor, IdentityTables } from '../identity.tables.ts';

export type SigningKeyRow = Selectable<IdentityTables['signing_keys']>;

/** Every key, newest generation first. */
export async function listSigningKeys(db: Executor): Promise<SigningKeyRow[]> {
  return db.selectFrom('signing_keys').selectAll().orderBy('generation', 'desc').execute();
}

/** Inserts the key unless another process already stored one of the same generation. */
export async function insertSigningKeyUnlessTaken(db: Executor, key: SigningKeyRow): Promise<void> {
  const row: Insertable<IdentityTables['signing_keys']> = {
    ...key,
    public_jwk: JSON.stringify(key.public_jwk),
    private_jwk: JSON.stringify(key.private_jwk),
  };
  await db
    .insertInto('signing_keys')
    .values(row)
    .onConflict((conflict) => conflict.column('generation').doNothing())
    .execute();
}
