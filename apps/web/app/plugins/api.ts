import type { FetchOptions } from 'ofetch';
import { useSession } from '~/stores/session';

/** What the platform's server puts on the raw request of a page it renders (see serve/web-renderer.ts). */
interface RenderContext {
  apiOrigin: string;
  renderKey: string;
}

export type ApiOptions = FetchOptions<'json'> & {
  /** Send the member's token (default: when signed in). */
  auth?: boolean;
};

/**
 * `$api`: the platform's public API. In the browser, same-origin paths with the member's bearer
 * token, refreshed once and retried when the API answers 401; on the server (public pages only),
 * the API of the process rendering the page, over loopback, anonymously, within 5 s.
 */
export default defineNuxtPlugin(() => {
  if (import.meta.server) {
    const render = (useRequestEvent()?.node.req as { pustakaRender?: RenderContext } | undefined)?.pustakaRender;
    const api = $fetch.create({
      baseURL: render?.apiOrigin ?? 'http://127.0.0.1:8080',
      headers: render ? { 'x-pustaka-render': render.renderKey } : {},
      timeout: 5_000,
      retry: 0,
    });
    return { provide: { api: <T>(path: string, options: ApiOptions = {}) => api<T>(path, options as FetchOptions<'json'>) } };
  }
  const session = useSession();
  const send = <T>(path: string, options: ApiOptions) => {
    const headers = new Headers(options.headers as HeadersInit | undefined);
    if (options.auth !== false && session.accessToken) headers.set('authorization', `Bearer ${session.accessToken}`);
    return $fetch<T>(path, { ...options, headers, retry: 0, timeout: 15_000 } as FetchOptions<'json'>);
  };
  const api = async <T>(path: string, options: ApiOptions = {}): Promise<T> => {
    try {
      return await send<T>(path, options);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== 401 || options.auth === false || !session.refreshToken) throw error;
      // The access token expired (or was revoked): one silent refresh, then the same request again.
      if (!(await session.refresh())) throw error;
      return send<T>(path, options);
    }
  };
  return { provide: { api } };
});
