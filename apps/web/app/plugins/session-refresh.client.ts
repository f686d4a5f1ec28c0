import { useSession } from '~/stores/session';

/**
 * Keeps the access token fresh while a tab is open: refreshed a minute before it expires (so the
 * live socket and every request find a valid one), and followed when another tab signs in, out,
 * or refreshes (localStorage's `storage` event).
 */
export default defineNuxtPlugin(() => {
  const session = useSession();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    if (!session.refreshToken) return;
    const inMs = Math.max(5_000, session.expiresAt - Date.now() - 60_000);
    timer = setTimeout(() => void session.refresh().finally(schedule), inMs);
  };
  watch(() => session.expiresAt, schedule, { immediate: true });
  window.addEventListener('storage', (event) => {
    if (event.key === 'session') (session as unknown as { $hydrate: () => void }).$hydrate();
  });
});
