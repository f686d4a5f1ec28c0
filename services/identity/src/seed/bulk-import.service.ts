import { discardPendingEvents } from '@pustaka/kit/bus';
import { analyzeTables, migrateToLatest, serviceDb } from '@pustaka/kit/db';
import type { Database } from '@pustaka/kit/db';
import { migrations } from '../../migrations/index.ts';
import type { IdentityTables } from '../identity.tables.ts';
import { generatePassword, hashPassword } from '../passwords/passwords.ts';
import { normaliseEmail } from '../users/email.ts';
import { countMemberRows, deleteMemberRows, insertUserRows } from './bulk-import.repository.ts';

export interface ImportedMember {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
}

/** The one password of every imported member, and its stored form. */
export interface SharedPassword {
  password: string;
  passwordHash: string;
}

/** Filling identity with members in bulk (`npm run seed`), announcing nothing. */
export interface IdentityBulkImport {
  /** Brings identity's schema up to date. */
  migrate(): Promise<void>;
  countMembers(): Promise<number>;
  /** Deletes every member and the events not yet announced about them; staff and admins stay. */
  clear(): Promise<void>;
  /**
   * Hashes the given password (or a generated one) once, for every member to be imported. One
   * argon2id hash costs tens of milliseconds by design, so 10,000 hashes would take minutes: a
   * seeded shop's members all share one password, which the seeder prints.
   */
  sharedPassword(password?: string): Promise<SharedPassword>;
  /** Writes members in one statement, emails normalised as sign-up stores them. */
  addMembers(members: ImportedMember[], password: SharedPassword): Promise<void>;
  /** Updates the planner's statistics of what was imported (PGlite has no autovacuum to do it). */
  analyze(): Promise<void>;
}

/**
 * Identity's bulk import over its own schema; no `user.registered` goes out for imported members.
 *
 * @example
 *   const identity = identityBulkImport(database);
 *   await identity.migrate();
 *   const password = await identity.sharedPassword();
 *   await identity.addMembers(members, password);
 *   console.log(`every member signs in with ${password.password}`);
 */
export function identityBulkImport(database: Database): IdentityBulkImport {
  const db = serviceDb<IdentityTables>(database, 'identity');
  return {
    migrate: async () => {
      await migrateToLatest(database, 'identity', migrations);
    },
    countMembers: () => countMemberRows(db),
    clear: () =>
      db.transaction().execute(async (trx) => {
        await deleteMemberRows(trx);
        await discardPendingEvents(trx);
      }),
    sharedPassword: async (password = generatePassword()) => ({ password, passwordHash: await hashPassword(password) }),
    analyze: () => analyzeTables(database.root, 'identity', ['users']),
    addMembers: (members, { passwordHash }) =>
      insertUserRows(
        db,
        members.map((member) => ({
          id: member.id,
          email: normaliseEmail(member.email),
          name: member.name.trim(),
          password_hash: passwordHash,
          role: 'member',
          disabled: false,
          created_at: member.createdAt,
          updated_at: member.createdAt,
        })),
      ),
  };
}
