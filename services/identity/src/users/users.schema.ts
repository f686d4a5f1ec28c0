import { Type } from 'typebox';
import type { Static } from 'typebox';
import { ROLES } from '@pustaka/kit/auth';
import { PageOf, PageQuery, StringEnum } from '@pustaka/kit/http';
import { EMAIL_MAX_LENGTH } from './email.ts';

/** A user as every API shows it; the password hash never leaves the repository. */
export const User = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    name: Type.String(),
    role: StringEnum(ROLES),
    disabled: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type User = Static<typeof User>;

/** At least one visible character, trimmed before it is stored. */
export const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

export const OwnProfilePatch = Type.Object({ name: Type.Optional(Name) }, { additionalProperties: false, minProperties: 1 });
export type OwnProfilePatch = Static<typeof OwnProfilePatch>;

export const AdminUserPatch = Type.Object(
  { role: Type.Optional(StringEnum(ROLES)), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type AdminUserPatch = Static<typeof AdminUserPatch>;

export const UserListQuery = Type.Object(
  {
    ...PageQuery,
    role: Type.Optional(StringEnum(ROLES)),
    email: Type.Optional(Type.String({ minLength: 1, maxLength: EMAIL_MAX_LENGTH, description: 'Part of the email, any case' })),
  },
  { additionalProperties: false },
);
export type UserListQuery = Static<typeof UserListQuery>;

export const UserPage = PageOf(User);
export type UserPage = Static<typeof UserPage>;
