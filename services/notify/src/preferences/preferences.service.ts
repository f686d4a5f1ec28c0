import type { Caller } from '@pustaka/kit/auth';
import { AppError } from '@pustaka/kit/errors';
import type { NotificationKind } from '../live/live-delivery.ts';
import type { NotifyContext } from '../notify-context.ts';
import type { NotifyDb } from '../notify.tables.ts';
import { defaultChannels, kindsFor } from './notification-kinds.ts';
import type { Channels } from './notification-kinds.ts';
import { findPreferences, findPreferencesForKind, upsertPreferences } from './preferences.repository.ts';
import type { Preferences, PreferencesUpdate } from './preferences.schema.ts';

/** Where each kind the caller hears goes: their choice, or the default. */
export async function getPreferences(ctx: NotifyContext, caller: Caller): Promise<Preferences> {
  const chosen = new Map((await findPreferences(ctx.db, caller.id)).map((entry) => [entry.kind, entry]));
  const preferences: Record<string, Channels> = {};
  for (const kind of kindsFor(caller.role)) {
    const entry = chosen.get(kind);
    preferences[kind] = entry ? { inApp: entry.inApp, email: entry.email } : defaultChannels(kind);
  }
  return { preferences };
}

/** Sets where the kinds given go; a kind the caller never hears is refused. */
export async function setPreferences(ctx: NotifyContext, caller: Caller, update: PreferencesUpdate): Promise<Preferences> {
  const allowed = new Set<string>(kindsFor(caller.role));
  const entries = Object.entries(update.preferences).flatMap(([kind, channels]) => {
    if (!allowed.has(kind)) throw new AppError('invalid', 'KIND_NOT_HEARD', `You are never told about ${kind}, so it has no preference`);
    return channels ? [{ kind, inApp: channels.inApp, email: channels.email }] : [];
  });
  await upsertPreferences(ctx.db, caller.id, entries, ctx.now());
  return getPreferences(ctx, caller);
}

/** Where a kind goes for each of the members, their choices or the default, in one read. */
export async function channelsOf(db: NotifyDb, memberIds: readonly string[], kind: NotificationKind): Promise<Map<string, Channels>> {
  const chosen = await findPreferencesForKind(db, memberIds, kind);
  return new Map(memberIds.map((memberId) => [memberId, chosen.get(memberId) ?? defaultChannels(kind)]));
}
