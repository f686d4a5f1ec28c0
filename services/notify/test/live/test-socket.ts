import { expect } from 'vitest';

type Message = { type: string; [key: string]: unknown };

/** A tab's socket as a test drives it: messages kept until taken, and the close it ended with. */
export interface TestSocket {
  send(message: unknown): void;
  sendRaw(data: string | ArrayBuffer): void;
  /** The first message of `type` not taken yet, waiting for it up to `timeoutMs`. */
  take<T extends Message = Message>(type: string, timeoutMs?: number): Promise<T>;
  /** Fails if a message of `type` arrives within `ms`. */
  expectNone(type: string, ms?: number): Promise<void>;
  /** Messages of `type` received and not taken. */
  pending(type: string): Message[];
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Opens a socket with the standard WebSocket a browser has (Node's global). */
export async function openSocket(url: string): Promise<TestSocket> {
  const socket = new WebSocket(url);
  const inbox: Message[] = [];
  let wake: (() => void) | undefined;
  socket.addEventListener('message', (event) => {
    inbox.push(JSON.parse(String(event.data)) as Message);
    wake?.();
  });
  let closedWith: { code: number; reason: string } | undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.addEventListener('close', (event) => {
      closedWith = { code: event.code, reason: event.reason };
      resolve(closedWith);
      wake?.();
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`could not open ${url}`)), { once: true });
  });
  const waitFor = async <T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0 || closedWith) {
        throw new Error(
          `no ${what} ${closedWith ? `before the close ${JSON.stringify(closedWith)}` : `within ${timeoutMs} ms`}; received ${JSON.stringify(inbox)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  return {
    send: (message) => socket.send(JSON.stringify(message)),
    sendRaw: (data) => socket.send(data),
    take: <T extends Message>(type: string, timeoutMs = 5_000) =>
      waitFor(
        () => {
          const index = inbox.findIndex((message) => message.type === type);
          return index === -1 ? undefined : (inbox.splice(index, 1)[0] as T);
        },
        timeoutMs,
        `"${type}" message`,
      ),
    expectNone: async (type, ms = 300) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      expect(inbox.filter((message) => message.type === type)).toEqual([]);
    },
    pending: (type) => inbox.filter((message) => message.type === type),
    closed,
    close: () => socket.close(),
  };
}

/** Opens a socket and signs it in; resolves with it once the server said `ready`. */
export async function signedInSocket(url: string, token: string, resumeAfter?: string): Promise<TestSocket> {
  const socket = await openSocket(url);
  socket.send({ type: 'auth', token, ...(resumeAfter ? { resumeAfter } : {}) });
  await socket.take('ready');
  return socket;
}
