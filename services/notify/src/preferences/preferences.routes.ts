import { callerOf } from '@pustaka/kit/auth';
import { problems } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { NotifyContext } from '../notify-context.ts';
import { PreferencesSchema, PreferencesUpdateSchema } from './preferences.schema.ts';
import { getPreferences, setPreferences } from './preferences.service.ts';

const tags = ['notifications'];

export function registerPreferenceRoutes(app: HttpApp, ctx: NotifyContext): void {
  app.get(
    '/api/notifications/preferences',
    {
      config: { access: 'member' },
      schema: { tags, summary: 'Where each kind of notification goes for you: in the app, by email', response: { 200: PreferencesSchema, ...problems(401) } },
    },
    async (request) => getPreferences(ctx, callerOf(request)),
  );

  app.put(
    '/api/notifications/preferences',
    {
      config: { access: 'member' },
      schema: {
        tags,
        summary: 'Choose where the kinds given go (the others keep their setting); answers with all of them',
        body: PreferencesUpdateSchema,
        response: { 200: PreferencesSchema, ...problems(400, 401) },
      },
    },
    async (request) => setPreferences(ctx, callerOf(request), request.body),
  );
}
