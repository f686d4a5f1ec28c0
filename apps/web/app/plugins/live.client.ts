import { useLive } from '~/stores/live';
import { useSession } from '~/stores/session';

/** The live socket follows the session: open while a member is signed in. */
export default defineNuxtPlugin(() => {
  const session = useSession();
  const live = useLive();
  watch(
    () => session.user?.id ?? null,
    (member, before) => {
      if (member !== before) live.stop();
      if (member) void live.start();
    },
    { immediate: true },
  );
});
