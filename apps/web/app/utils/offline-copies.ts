import { openDB } from 'idb';
import type { IDBPDatabase } from 'idb';

/** One saved answer of the API, as last seen online. */
interface SavedCopy {
  key: string;
  value: unknown;
  savedAt: number;
  /** Whose it is: a member's orders are never shown to the next person signing in on this browser. */
  owner: string | null;
}

const STORE = 'copies';
let database: Promise<IDBPDatabase> | undefined;

function open(): Promise<IDBPDatabase> {
  database ??= openDB('pustaka', 1, {
    upgrade(db) {
      db.createObjectStore(STORE, { keyPath: 'key' });
    },
  });
  return database;
}

/** The answer, with `offline: true` when it came from the last copy because the network is down. */
export interface MaybeSaved<T> {
  value: T;
  offline: boolean;
  savedAt: number | null;
}

/**
 * Reads through the API and keeps a copy in IndexedDB; when the network is down (no answer at all,
 * not an error the API gave), answers with the copy instead. On the server it only reads.
 *
 * @example
 *   const book = await withOfflineCopy(`book:${id}`, null, () => $api(`/api/books/${id}`));
 */
export async function withOfflineCopy<T>(key: string, owner: string | null, read: () => Promise<T>): Promise<MaybeSaved<T>> {
  if (import.meta.server) return { value: await read(), offline: false, savedAt: null };
  try {
    const value = await read();
    void open()
      .then((db) => db.put(STORE, { key, value: structuredClone(toRaw(value)), savedAt: Date.now(), owner } satisfies SavedCopy))
      .catch(() => {});
    return { value, offline: false, savedAt: null };
  } catch (error) {
    if ((error as { status?: number }).status) throw error;
    const copy = (await open()
      .then((db) => db.get(STORE, key))
      .catch(() => undefined)) as SavedCopy | undefined;
    if (!copy || copy.owner !== owner) throw error;
    return { value: copy.value as T, offline: true, savedAt: copy.savedAt };
  }
}

/** Forgets every copy of a member's own pages (on sign-out). */
export async function forgetOwnCopies(): Promise<void> {
  if (import.meta.server) return;
  const db = await open();
  const transaction = db.transaction(STORE, 'readwrite');
  for (const copy of (await transaction.store.getAll()) as SavedCopy[]) if (copy.owner) await transaction.store.delete(copy.key);
  await transaction.done;
}
