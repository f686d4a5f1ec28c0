import { Type } from 'typebox';
import type { Static } from 'typebox';
import { User, Name } from '../users/users.schema.ts';
import { EMAIL_MAX_LENGTH, EMAIL_PATTERN } from '../users/email.ts';

const Email = Type.String({ pattern: EMAIL_PATTERN, maxLength: EMAIL_MAX_LENGTH, examples: ['ana@example.com'] });

/** Long enough to resist guessing; bounded so nobody makes us hash a megabyte. */
const NewPassword = Type.String({ minLength: 10, maxLength: 256 });

/** Lenient on what was sent (an old password may predate today's rules); still bounded. */
const AnyPassword = Type.String({ minLength: 1, maxLength: 256 });

/** Opaque to clients; the length bound only stops abuse, an unknown value is a 401. */
const RefreshToken = Type.String({ minLength: 1, maxLength: 512 });

export const RegisterBody = Type.Object({ email: Email, password: NewPassword, name: Name }, { additionalProperties: false });
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: EMAIL_MAX_LENGTH }), password: AnyPassword },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const RefreshBody = Type.Object({ refreshToken: RefreshToken }, { additionalProperties: false });
export type RefreshBody = Static<typeof RefreshBody>;

/** What sign-up, sign-in and refresh answer: the user and a fresh token pair. */
export const Session = Type.Object(
  {
    user: User,
    accessToken: Type.String({ description: 'JWT (EdDSA) for `Authorization: Bearer`' }),
    refreshToken: Type.String({ description: 'Opaque; spend it once at /api/auth/refresh' }),
    expiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
  },
  { additionalProperties: false },
);
export type Session = Static<typeof Session>;
