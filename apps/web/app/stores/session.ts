import { defineStore } from 'pinia';

export interface User {
  id: string;
  email: string;
  name: string;
  role: 'member' | 'staff' | 'admin';
  disabled: boolean;
  createdAt: string;
}

interface SessionAnswer {
  user: User;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const REFRESH_LOCK = 'pustaka-session-refresh';

/**
 * The signed-in member: tokens and profile, kept in localStorage across reloads (never in a
 * cookie). Refresh tokens rotate: every tab of the browser shares one, so a refresh takes a
 * Web Lock and first reads what another tab may have refreshed meanwhile; spending a token twice
 * would look like theft and end the session.
 */
export const useSession = defineStore(
  'session',
  () => {
    const user = ref<User | null>(null);
    const accessToken = ref<string | null>(null);
    const refreshToken = ref<string | null>(null);
    const expiresAt = ref<number>(0);

    const signedIn = computed(() => user.value !== null && refreshToken.value !== null);
    const isStaff = computed(() => user.value?.role === 'staff' || user.value?.role === 'admin');
    const isAdmin = computed(() => user.value?.role === 'admin');

    function adopt(answer: SessionAnswer) {
      user.value = answer.user;
      accessToken.value = answer.accessToken;
      refreshToken.value = answer.refreshToken;
      expiresAt.value = Date.now() + answer.expiresIn * 1000;
    }

    function forget() {
      user.value = null;
      accessToken.value = null;
      refreshToken.value = null;
      expiresAt.value = 0;
    }

    async function signIn(email: string, password: string) {
      adopt(await $fetch<SessionAnswer>('/api/auth/login', { method: 'POST', body: { email, password } }));
    }

    async function signUp(name: string, email: string, password: string) {
      adopt(await $fetch<SessionAnswer>('/api/auth/register', { method: 'POST', body: { name, email, password } }));
    }

    /** A fresh token pair; false when the session is over (the member signs in again). */
    async function refresh(): Promise<boolean> {
      const spent = refreshToken.value;
      if (!spent) return false;
      const rotate = async () => {
        // Another tab may have rotated the token while this one waited for the lock.
        (useSession() as unknown as { $hydrate?: () => void }).$hydrate?.();
        if (refreshToken.value && refreshToken.value !== spent) return true;
        try {
          adopt(await $fetch<SessionAnswer>('/api/auth/refresh', { method: 'POST', body: { refreshToken: spent } }));
          // Written now, before the lock is let go: the plugin's own write comes a tick later, and a
          // tab waiting on the lock would read the spent token and spend it again (a theft, to the server).
          (useSession() as unknown as { $persist?: () => void }).$persist?.();
          return true;
        } catch (error) {
          const status = (error as { status?: number }).status;
          // Offline or the server failing: keep the session and try again later.
          if (!status || status >= 500) return false;
          forget();
          return false;
        }
      };
      return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks.request(REFRESH_LOCK, rotate) : rotate();
    }

    async function signOut() {
      const token = refreshToken.value;
      const bearer = accessToken.value;
      forget();
      if (token && bearer) {
        await $fetch('/api/auth/logout', { method: 'POST', body: { refreshToken: token }, headers: { authorization: `Bearer ${bearer}` } }).catch(() => {});
      }
    }

    function setUser(next: User) {
      user.value = next;
    }

    return { user, accessToken, refreshToken, expiresAt, signedIn, isStaff, isAdmin, signIn, signUp, refresh, signOut, setUser, forget };
  },
  { persist: { storage: piniaPluginPersistedstate.localStorage(), pick: ['user', 'accessToken', 'refreshToken', 'expiresAt'] } },
);
