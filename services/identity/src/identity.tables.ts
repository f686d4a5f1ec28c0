import type { ColumnType, Kysely, Transaction } from '@pustaka/kit/db';
import type { Role } from '@pustaka/kit/auth';
import type { JWK } from 'jose';
import type { PublicJwk } from './keys/keys.schema.ts';

/** jsonb: read back as an object, written as its JSON text (the same on pg and PGlite). */
type Json<T> = ColumnType<T, string, string>;

/** The identity schema as Kysely sees it (see migrations/). */
export interface IdentityTables {
  users: {
    id: string;
    email: string;
    name: string;
    password_hash: string;
    role: Role;
    disabled: boolean;
    created_at: Date;
    updated_at: Date;
  };
  signing_keys: {
    kid: string;
    generation: number;
    public_jwk: Json<PublicJwk>;
    private_jwk: Json<JWK>;
    created_at: Date;
  };
  refresh_families: {
    id: string;
    user_id: string;
    created_at: Date;
    revoked_at: Date | null;
  };
  refresh_tokens: {
    id: string;
    family_id: string;
    token_hash: string;
    expires_at: Date;
    used_at: Date | null;
    created_at: Date;
  };
}

export type IdentityDb = Kysely<IdentityTables>;

/** What repositories take first: the service's handle or a transaction opened from it. */
export type Executor = Kysely<IdentityTables> | Transaction<IdentityTables>;

export type UserRow = IdentityTables['users'];
