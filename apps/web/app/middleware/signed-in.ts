import { useSession } from '~/stores/session';

/** Pages about the member: without a session, to the sign-in page and back here afterwards. */
export default defineNuxtRouteMiddleware((to) => {
  if (import.meta.server) return;
  if (!useSession().signedIn) return navigateTo({ path: '/sign-in', query: { next: to.fullPath } });
});
