import { Type } from 'typebox';
import type { Static, TOptional } from 'typebox';
import { NOTIFICATION_KINDS } from './notification-kinds.ts';

const ChannelsSchema = Type.Object(
  {
    inApp: Type.Boolean({ description: 'Kept in the inbox and shown live' }),
    email: Type.Boolean({ description: 'Also sent by email' }),
  },
  { additionalProperties: false },
);

/** A property per kind, each optional: a member hears fewer kinds than staff. */
const perKind = (): Record<string, TOptional<typeof ChannelsSchema>> =>
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, Type.Optional(ChannelsSchema)]));

/** Every kind the caller hears, with where it goes (staff kinds only for staff and admins). */
export const PreferencesSchema = Type.Object({ preferences: Type.Object(perKind()) });
export type Preferences = Static<typeof PreferencesSchema>;

/** The kinds to set; kinds left out keep what they had. */
export const PreferencesUpdateSchema = Type.Object(
  { preferences: Type.Object(perKind(), { additionalProperties: false, minProperties: 1 }) },
  { additionalProperties: false },
);
export type PreferencesUpdate = Static<typeof PreferencesUpdateSchema>;
