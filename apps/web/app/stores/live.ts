import { defineStore } from 'pinia';
import type { LiveClient, LiveTopic } from '@pustaka/live-client';
import { useSession } from '~/stores/session';

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, string | number>;
  createdAt: string;
  readAt: string | null;
}

type TopicListener = (message: unknown) => void;

/**
 * The tab's one socket to notify (`/ws`, through the gateway): the member's new notifications
 * (the bell's unread count) and the topics pages follow (an event's seats, a book's stock). It
 * opens when a member is signed in and closes when they sign out; the client module reconnects
 * with jittered back-off and resumes after the last notification seen.
 */
export const useLive = defineStore('live', () => {
  const session = useSession();
  const { $api } = useNuxtApp();
  const unread = ref(0);
  const latest = ref<Notification[]>([]);
  const state = ref<string>('closed');
  const listeners = new Map<LiveTopic, Set<TopicListener>>();
  const reconnectListeners = new Set<() => void>();
  let client: LiveClient | undefined;

  async function loadInbox() {
    const page = await $api<{ items: Notification[]; unreadCount: number }>('/api/notifications', { query: { limit: 20 } });
    latest.value = page.items;
    unread.value = page.unreadCount;
    return page;
  }

  async function start() {
    if (client || !session.signedIn) return;
    // Loaded when a member signs in: a visitor's first page does not pay for it.
    const [inbox, { connectLive }] = await Promise.all([loadInbox().catch(() => null), import('@pustaka/live-client')]);
    if (client || !session.signedIn) return;
    client = connectLive<Notification>({
      url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
      token: async () => {
        if (session.expiresAt - Date.now() < 30_000) await session.refresh();
        return session.accessToken ?? undefined;
      },
      ...(inbox?.items[0] ? { resumeAfter: inbox.items[0].id } : {}),
      onNotification(notification) {
        latest.value = [notification, ...latest.value.filter((entry) => entry.id !== notification.id)].slice(0, 50);
        if (!notification.readAt) unread.value += 1;
      },
      onTopic(topic, message) {
        for (const listener of listeners.get(topic) ?? []) listener(message);
      },
      onReady(ready) {
        if (!ready.complete) void loadInbox().catch(() => {});
        for (const listener of reconnectListeners) listener();
      },
      onStateChange(next) {
        state.value = next;
      },
    });
    for (const topic of listeners.keys()) client.subscribe(topic);
  }

  function stop() {
    client?.close();
    client = undefined;
    unread.value = 0;
    latest.value = [];
    state.value = 'closed';
  }

  /** Follows a topic while the page shows it; `onReconnect` reloads what it shows after a gap. Returns the unfollow. */
  function follow(topic: LiveTopic, listener: TopicListener, onReconnect?: () => void): () => void {
    let set = listeners.get(topic);
    if (!set) {
      set = new Set();
      listeners.set(topic, set);
      client?.subscribe(topic);
    }
    set.add(listener);
    if (onReconnect) reconnectListeners.add(onReconnect);
    return () => {
      set.delete(listener);
      if (onReconnect) reconnectListeners.delete(onReconnect);
      if (set.size === 0) {
        listeners.delete(topic);
        client?.unsubscribe(topic);
      }
    };
  }

  async function markRead(id: string) {
    await $api(`/api/notifications/${id}/read`, { method: 'POST' });
    const entry = latest.value.find((candidate) => candidate.id === id);
    if (entry && !entry.readAt) {
      entry.readAt = new Date().toISOString();
      unread.value = Math.max(0, unread.value - 1);
    }
  }

  async function markAllRead() {
    await $api('/api/notifications/read-all', { method: 'POST' });
    for (const entry of latest.value) entry.readAt ??= new Date().toISOString();
    unread.value = 0;
  }

  return { unread, latest, state, start, stop, follow, loadInbox, markRead, markAllRead };
});
