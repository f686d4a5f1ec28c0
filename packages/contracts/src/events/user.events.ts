import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Uuid } from './envelope.ts';

export const USER_REGISTERED = 'user.registered';
export const USER_UPDATED = 'user.updated';

export const UserRegisteredPayload = Type.Object({
  userId: Uuid,
  email: Type.String(),
  name: Type.String(),
});
export type UserRegisteredPayload = Static<typeof UserRegisteredPayload>;

/** The user's state after the change, whole, so consumers overwrite rather than merge. */
export const UserUpdatedPayload = Type.Object({
  userId: Uuid,
  name: Type.String(),
  role: Type.Union([Type.Literal('member'), Type.Literal('staff'), Type.Literal('admin')]),
  disabled: Type.Boolean(),
});
export type UserUpdatedPayload = Static<typeof UserUpdatedPayload>;
