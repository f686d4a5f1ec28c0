import { Agent, fetch } from 'undici';

/** A response read in full: status, headers and parsed JSON body (if any). */
export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HttpClientOptions {
  /**
   * The loopback address the client connects from (`127.0.0.2`, `127.8.9.10`, ...): the server sees
   * it as the client address, so a test can play several clients without a forgeable header.
   */
  localAddress?: string;
}

/**
 * A tiny JSON client for tests against a started platform.
 *
 * @example
 *   const api = httpClient(platform.url);
 *   const { status, body } = await api.post('/api/books', { token, body: newBook() });
 *   const stranger = httpClient(platform.url, { localAddress: '127.0.0.2' });
 */
export function httpClient(baseUrl: string, options: HttpClientOptions = {}) {
  // A test may fire a thousand requests at once: they share at most 128 sockets (the rest wait
  // here, not in the server's accept queue). Each socket carries one request: reusing an idle one
  // races the server closing it, and in tests the server shares this process, whose event loop
  // PGlite can block for seconds, so both keep-alive timers fire late together (ECONNRESET).
  const dispatcher = new Agent({ connections: 128, pipelining: 0, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  async function request<T = any>(method: string, path: string, sent: RequestOptions = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...sent.headers };
    if (sent.token) headers.authorization = `Bearer ${sent.token}`;
    let body: string | undefined;
    if (sent.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof sent.body === 'string' ? sent.body : JSON.stringify(sent.body);
    }
    const response = await fetch(baseUrl + path, { method, headers, dispatcher, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers as unknown as Headers, body: parsed as T };
  }
  return {
    request,
    get: <T = any>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
    post: <T = any>(path: string, options?: RequestOptions) => request<T>('POST', path, options),
    patch: <T = any>(path: string, options?: RequestOptions) => request<T>('PATCH', path, options),
    put: <T = any>(path: string, options?: RequestOptions) => request<T>('PUT', path, options),
    delete: <T = any>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
  };
}

export type HttpClient = ReturnType<typeof httpClient>;

/**
 * Polls `check` until it stops throwing, for effects that arrive through events.
 *
 * @example
 *   await eventually(async () => expect((await api.get(`/api/books/${id}`)).body.stock).toBe(5));
 */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
